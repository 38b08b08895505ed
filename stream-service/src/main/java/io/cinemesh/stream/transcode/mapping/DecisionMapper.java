package io.cinemesh.stream.transcode.mapping;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.stream.client.PartInfo;
import io.cinemesh.stream.transcode.service.Decision;
import io.cinemesh.stream.transcode.service.SubtitleTrack;
import io.cinemesh.stream.transcode.service.TranscodeChoice;

/**
 * The answer to {@code /decision} as PMS gives it: the decision codes on the container, and the item with the one
 * Media and Part the player would get (direct play's file URL, or HLS), each stream with what happens to it.
 */
public final class DecisionMapper {

    private DecisionMapper() {
    }

    public static MediaContainer container(TranscodeChoice c) {
        Decision d = c.decision();
        PartInfo p = c.part();
        MediaContainer mc = new MediaContainer().attr("allowSync", true)
                .attr("generalDecisionCode", d.generalCode()).attr("generalDecisionText", d.generalText())
                .attr("directPlayDecisionCode", d.directPlayCode()).attr("directPlayDecisionText", d.directPlayText())
                .attr("transcodeDecisionCode", d.transcodeCode()).attr("transcodeDecisionText", d.transcodeText());
        PlexElement item = PlexElement.metadata(p.hasVideo() ? "Video" : "Track");
        c.item().forEach(item::attr);
        item.attr("ratingKey", p.ratingKey()).attr("key", "/library/metadata/" + p.ratingKey());
        String ext = p.container() == null ? "bin" : p.container();
        PlexElement media = PlexElement.of("Media").attr("selected", true)
                .attr("protocol", d.directPlay() ? "http" : "hls")
                .attr("container", d.directPlay() ? p.container() : "mpegts")
                .attr("videoCodec", p.hasVideo() ? ("transcode".equals(d.videoDecision()) ? "h264" : p.videoCodec())
                        : null)
                .attr("audioCodec", "copy".equals(d.audioDecision()) ? p.audioCodec() : "aac")
                .attr("width", d.width()).attr("height", d.height()).attr("bitrate", d.videoBitrateKbps())
                .attr("duration", p.durationMs());
        PlexElement part = PlexElement.of("Part").attr("id", p.partId()).attr("selected", true)
                .attr("decision", d.directPlay() ? "directplay" : d.unplayable() ? "none" : "transcode")
                .attr("container", d.directPlay() ? p.container() : "mpegts")
                .attr("duration", p.durationMs())
                .attr("key", d.directPlay() ? "/library/parts/" + p.partId() + "/0/file." + ext : null);
        for (PartInfo.StreamInfo s : p.streams()) {
            if (s.streamType() == 3) {
                continue;
            }
            String sd = s.streamType() == 1 ? d.videoDecision() : d.audioDecision();
            part.add(PlexElement.of("Stream").attr("streamType", s.streamType()).attr("codec", s.codec())
                    .attr("index", s.index()).attr("selected", true)
                    .attr("decision", d.directPlay() ? "copy" : sd).attr("location", "direct"));
        }
        SubtitleTrack sub = d.subtitle();
        if (sub != null) {
            // what the client receives: the original beside a file it plays or drawn into the video, else WebVTT
            String format = d.burnsSubtitles() || d.directPlay() ? sub.codec() : "webvtt";
            part.add(PlexElement.of("Stream").attr("id", sub.id()).attr("streamType", 3)
                    .attr("codec", format).attr("format", format)
                    .attr("index", sub.index()).attr("languageCode", sub.language()).attr("selected", true)
                    .attr("key", sub.sidecar() ? "/library/streams/" + sub.id() : null)
                    .attr("decision", d.subtitleDecision()).attr("location", d.subtitleLocation()));
        }
        return mc.add(item.add(media.add(part)));
    }
}
