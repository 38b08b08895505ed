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

    /**
     * The audio track the caller chose (PUT /library/parts/{id}) when it is not the file's first one, whose codec
     * and channels the part's own attributes describe; null otherwise.
     */
    public StreamInfo chosenAudio() {
        StreamInfo first = null;
        for (StreamInfo s : streams) {
            if (s.streamType() == 2) {
                if (first == null) {
                    first = s;
                } else if (s.selected() && !first.selected()) {
                    return s;
                }
            }
        }
        return null;
    }

    /** This part as heard through {@code audio}: its codec and channels replace the first track's. */
    public PartInfo withAudio(StreamInfo audio) {
        return new PartInfo(partId, ratingKey, sectionId, file, size, container, durationMs, bitrate, videoCodec,
                videoProfile, width, height, frameRate, audio.codec(), audio.channels() != null ? audio.channels()
                        : audioChannels, streams, subtitles);
    }

    /** The subtitle the caller chose to see by default (embedded or sidecar), or null. */
    public Long selectedSubtitle() {
        for (StreamInfo s : streams) {
            if (s.streamType() == 3 && s.selected()) {
                return s.id();
            }
        }
        return subtitles.stream().filter(SubtitleInfo::selected).map(SubtitleInfo::id).findFirst().orElse(null);
    }

    /**
     * One stream of a part: {@code streamType} 1 video, 2 audio, 3 subtitle; {@code id} as clients select it;
     * {@code selected} as the caller chose it (or the file's default audio track).
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamInfo(Long id, Integer index, int streamType, String codec, String language, Integer channels,
            boolean selected) {
    }

    /** A sidecar subtitle file next to the media, relative to the media root. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubtitleInfo(long id, String file, String format, String language, boolean selected) {
    }
}
