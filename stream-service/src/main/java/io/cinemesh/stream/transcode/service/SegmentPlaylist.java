package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import java.util.Locale;

/** A session's media playlists (video and subtitles): the whole media as fixed-length segments, or a
 * video copy's key-frame segments (VOD). */
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
}
