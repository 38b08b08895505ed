package io.cinemesh.stream.transcode.service;

/**
 * What a player asks of the universal transcoder: which part of which item, within which limits, for which
 * client, with which subtitle.
 *
 * @param subtitleStreamId the subtitle to show; 0 for none, null for the caller's saved choice
 * @param music asked on the audio/music path: a track, never a video
 */
public record TranscodeAsk(String ratingKey, int mediaIndex, int partIndex, Decision.Limits limits,
        ClientProfile profile, String subtitleMode, Long subtitleStreamId, boolean music, String clientIdentifier) {
}
