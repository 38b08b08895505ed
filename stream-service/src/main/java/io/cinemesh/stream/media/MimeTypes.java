package io.cinemesh.stream.media;

import java.util.Locale;
import java.util.Map;

/** Content types of media files by container or extension, as players expect them. */
public final class MimeTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("mkv", "video/x-matroska"), Map.entry("matroska", "video/x-matroska"),
            Map.entry("webm", "video/webm"), Map.entry("avi", "video/x-msvideo"), Map.entry("ts", "video/mp2t"),
            Map.entry("mpegts", "video/mp2t"), Map.entry("m2ts", "video/mp2t"), Map.entry("mpg", "video/mpeg"),
            Map.entry("mpeg", "video/mpeg"), Map.entry("wmv", "video/x-ms-wmv"), Map.entry("flv", "video/x-flv"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("flac", "audio/flac"), Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"), Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"),
            Map.entry("opus", "audio/ogg"), Map.entry("wav", "audio/wav"), Map.entry("wma", "audio/x-ms-wma"),
            Map.entry("alac", "audio/mp4"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("srt", "application/x-subrip"), Map.entry("vtt", "text/vtt"),
            Map.entry("ass", "text/x-ssa"), Map.entry("ssa", "text/x-ssa"));

    private MimeTypes() {
    }

    /** By the part's container first (library-service's probe), then by the file's extension. */
    public static String of(String container, String file) {
        if (container != null) {
            String byContainer = BY_EXTENSION.get(container.toLowerCase(Locale.ROOT));
            if (byContainer != null) {
                return byContainer;
            }
        }
        if (file != null) {
            int dot = file.lastIndexOf('.');
            if (dot >= 0) {
                String byExt = BY_EXTENSION.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
                if (byExt != null) {
                    return byExt;
                }
            }
        }
        return "application/octet-stream";
    }
}
