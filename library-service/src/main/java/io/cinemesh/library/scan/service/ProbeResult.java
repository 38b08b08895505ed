package io.cinemesh.library.scan.service;

import java.util.List;
import java.util.Map;

/**
 * What ffprobe says about one file: format facts, its tags (keys lower-cased) and its streams.
 *
 * @param formatName ffprobe's {@code format_name}
 * @param durationMs duration, or {@code null} for stills
 * @param bitrate overall bit rate in kbit/s
 */
public record ProbeResult(String formatName, Long durationMs, Integer bitrate, Map<String, String> tags,
        List<Stream> streams) {

    public String tag(String... names) {
        for (String n : names) {
            String v = tags.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /**
     * The content rating the file carries: Matroska's {@code LAW_RATING}, a {@code content_rating} tag (MP4 with
     * ffmpeg's {@code use_metadata_tags}, or Matroska), or iTunes' {@code iTunEXTC} ({@code mpaa|PG-13|300|}).
     */
    public String contentRating() {
        String r = tag("law_rating", "content_rating", "contentrating");
        if (r == null) {
            String extc = tag("itunextc");
            String[] f = extc == null ? new String[0] : extc.split("\\|");
            r = f.length > 1 && !f[1].isBlank() ? f[1].trim() : null;
        }
        return r == null || r.length() > 32 ? null : r;
    }

    public Stream firstVideo() {
        return streams.stream().filter(s -> s.type() == 1 && !s.attachedPicture()).findFirst().orElse(null);
    }

    public Stream firstAudio() {
        return streams.stream().filter(s -> s.type() == 2).findFirst().orElse(null);
    }

    public boolean hasCoverArt() {
        return streams.stream().anyMatch(Stream::attachedPicture);
    }

    /**
     * One stream, in Plex terms.
     *
     * @param type 1 video, 2 audio, 3 subtitle (Plex {@code streamType}); 0 for data and attachments
     * @param attachedPicture embedded cover art (a video stream that is not a video)
     */
    public record Stream(int index, int type, String codec, String profile, String language, String title,
            Integer width, Integer height, Double frameRate, Integer bitDepth, Integer channels,
            String channelLayout, Integer samplingRate, Integer bitrate, boolean isDefault, boolean forced,
            boolean attachedPicture) {
    }
}
