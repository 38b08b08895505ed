package io.cinemesh.stream.session.service;

import io.cinemesh.stream.session.repository.StreamSession;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The playing sessions a caller may see, and the transcode sessions of every replica that may serve them. */
public record ActiveStreams(List<StreamSession> sessions, List<TranscodeSessionRecord> transcodes) {

    /** The transcode serving a playback: the latest one of the same user, item and client. */
    public Optional<TranscodeSessionRecord> transcodeOf(StreamSession s) {
        return transcodes.stream()
                .filter(t -> t.userId == s.userId && t.ratingKey.equals(s.ratingKey)
                        && Objects.equals(t.clientIdentifier, s.clientIdentifier))
                .max(Comparator.comparing(t -> t.lastSeenAt));
    }
}
