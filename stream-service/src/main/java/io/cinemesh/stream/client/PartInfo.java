package io.cinemesh.stream.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A media part as library-service describes it to stream-service ({@code GET /internal/parts/{partId}}).
 * {@code file} is relative to the media root; it is only ever resolved through {@code MediaRoot}.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartInfo(long partId, String ratingKey, Long sectionId, String file, Long size, String container,
        Long durationMs, Long bitrate, String videoCodec, String videoProfile, Integer width, Integer height,
        Double frameRate, String audioCodec, Integer audioChannels, List<StreamInfo> streams,
        List<SubtitleInfo> subtitles) {

    public PartInfo {
        streams = streams == null ? List.of() : List.copyOf(streams);
        subtitles = subtitles == null ? List.of() : List.copyOf(subtitles);
    }

    public boolean hasVideo() {
        return videoCodec != null && !videoCodec.isBlank();
    }

    /** One stream of a part: {@code streamType} 1 video, 2 audio, 3 subtitle; {@code id} as clients select it. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamInfo(Long id, Integer index, int streamType, String codec, String language) {
    }

    /** A sidecar subtitle file next to the media, relative to the media root. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubtitleInfo(long id, String file, String format, String language) {
    }
}
