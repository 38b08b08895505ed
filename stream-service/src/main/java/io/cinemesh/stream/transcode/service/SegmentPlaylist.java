package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import java.util.Locale;

/**
 * A session's playlists: the master that {@code start.m3u8} answers (one variant, and a WebVTT rendition when a
 * text subtitle is shown), and the media playlists (video and subtitles): the whole media as fixed-length
 * segments, or a video copy's key-frame segments (VOD). URLs are relative and carry the session id.
 */
public final class SegmentPlaylist {

    private SegmentPlaylist() {
    }

    /** Segments {@code 0.ext … n.ext}; {@code startAtOffset} adds the session's starting point (the video's). */
    public static String vod(TranscodeSessionRecord r, String ext, boolean startAtOffset) {
        int count = r.segmentCount();
        long longestMs = 0;
        for (int i = 0; i < count; i++) {
            longestMs = Math.max(longestMs, r.segmentEndMs(i) - r.segmentStartMs(i));
        }
        // Key-frame segments vary in length; the target is the longest, rounded up.
        long target = Math.max(1, (longestMs + 999) / 1000);
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
                .append(target).append("\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        if (startAtOffset && r.offsetMs > 0) {
            b.append("#EXT-X-START:TIME-OFFSET=").append(String.format(Locale.ROOT, "%.3f", r.offsetMs / 1000.0))
                    .append(",PRECISE=YES\n");
        }
        for (int i = 0; i < count; i++) {
            long d = r.segmentEndMs(i) - r.segmentStartMs(i);
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", d / 1000.0)).append(",\n")
                    .append(i).append('.').append(ext).append('\n');
        }
        return b.append("#EXT-X-ENDLIST\n").toString();
    }

    public static String master(TranscodeSessionRecord r) {
        long bandwidth = 1000L * ((r.videoBitrateKbps == null ? 0 : r.videoBitrateKbps) + r.audioBitrateKbps);
        StringBuilder b = new StringBuilder("#EXTM3U\n");
        boolean rendition = "transcode".equals(r.subtitleDecision);
        if (rendition) {
            String lang = r.subtitleLanguage == null || r.subtitleLanguage.isBlank() ? "und"
                    : r.subtitleLanguage.replaceAll("[^A-Za-z-]", "");
            b.append("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"").append(lang)
                    .append("\",LANGUAGE=\"").append(lang).append("\",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,URI=\"")
                    .append("session/").append(r.id).append("/subtitles/index.m3u8\"\n");
        }
        b.append("#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=").append(bandwidth);
        if (r.width != null && r.height != null && !"music".equals(r.kind)) {
            b.append(",RESOLUTION=").append(r.width).append('x').append(r.height);
        }
        if (rendition) {
            b.append(",SUBTITLES=\"subs\"");
        }
        return b.append('\n').append("session/").append(r.id).append("/base/index.m3u8\n").toString();
    }
}
