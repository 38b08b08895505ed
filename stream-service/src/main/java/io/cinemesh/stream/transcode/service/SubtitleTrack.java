package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.client.PartInfo;
import jakarta.ws.rs.BadRequestException;
import java.util.Set;

/**
 * A subtitle of a part: embedded ({@code index} is its stream index in the file, {@code ordinal} its place among
 * the file's subtitle streams, as ffmpeg's {@code 0:s:N} and {@code si=N} count) or a sidecar file next to the
 * media ({@code file}, relative to the media root).
 */
public record SubtitleTrack(long id, String codec, Integer index, Integer ordinal, String file, String language) {

    /** Bitmap formats: they can be shown only by a client that decodes them, or burned into the picture. */
    private static final Set<String> IMAGE = Set.of("pgs", "dvd_subtitle", "dvb_subtitle", "xsub");

    public boolean image() {
        return IMAGE.contains(ClientProfile.normalise(codec));
    }

    public boolean sidecar() {
        return file != null;
    }

    /** The part's subtitle with this id (embedded or sidecar); 400 when the part has none such. */
    public static SubtitleTrack of(PartInfo part, long id) {
        int ordinal = 0;
        for (PartInfo.StreamInfo s : part.streams()) {
            if (s.streamType() != 3) {
                continue;
            }
            if (s.id() != null && s.id() == id) {
                return new SubtitleTrack(id, s.codec(), s.index(), ordinal, null, s.language());
            }
            ordinal++;
        }
        for (PartInfo.SubtitleInfo s : part.subtitles()) {
            if (s.id() == id) {
                return new SubtitleTrack(id, s.format(), null, null, s.file(), s.language());
            }
        }
        throw new BadRequestException("subtitleStreamID " + id + " is not a subtitle of this media");
    }
}
