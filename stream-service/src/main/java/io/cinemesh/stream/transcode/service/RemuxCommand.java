package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ffmpeg run that makes one segment of a direct stream on its own: video copied from the key frame at the
 * segment's start up to (not including) the next segment's, the same on any replica, after any seek. Facts from
 * ffmpeg 5.1 (docs/streaming.md): input {@code -ss} exactly on a key frame may land on the previous one, and output
 * {@code -to} compares decoding times, so the run seeks a little past the start, reads a little past the end, and
 * drops the packets outside [start, end) by presentation time with the {@code noise} filter; {@code -copyts} keeps
 * the source's times (plus mpegts's 1.4 s), as the transcoder's {@code -output_ts_offset} does.
 */
final class RemuxCommand {

    /** Past a key frame so that the demuxer's seek cannot fall back to the previous one. */
    private static final double SEEK_PAST_S = 0.2;
    /** Enough to read every packet presented before the end, B-frames included. */
    private static final double READ_PAST_S = 1.0;

    private RemuxCommand() {
    }

    static List<String> segment(TranscodeSessionRecord s, int n, Path media, Path out) {
        long startMs = s.segmentStartMs(n);
        long endMs = s.segmentEndMs(n);
        boolean first = n == 0;
        boolean last = n == s.segmentCount() - 1;
        // After MediaTools' own flags (binary, -hide_banner, -nostdin, -loglevel error).
        List<String> cmd = new ArrayList<>(List.of("-nostats"));
        if (!first) {
            cmd.addAll(List.of("-ss", seconds(startMs / 1000.0 + SEEK_PAST_S)));
        }
        cmd.addAll(List.of("-i", media.toString()));
        if (!last) {
            cmd.addAll(List.of("-to", seconds(endMs / 1000.0 + READ_PAST_S)));
        }
        String audio = s.audioIndex == null ? "0:a:0" : "0:" + s.audioIndex;
        // In ffmpeg 5.1 the filter sees mpegts's 90 kHz times (but the input's time base as tb): compare in 90 kHz.
        String keep = keep(first ? -1 : startMs, last ? -1 : endMs);
        String annexB = switch (String.valueOf(s.sourceVideoCodec)) {
            case "h264" -> "h264_mp4toannexb,";
            case "hevc" -> "hevc_mp4toannexb,";
            default -> "";
        };
        // Open GOPs start on a non-IDR key frame without the parameter sets: repeat them on every key frame.
        String videoFilters = annexB + "dump_extra=freq=keyframe" + (keep.isEmpty() ? "" : "," + keep);
        cmd.addAll(List.of("-map", "0:v:0", "-map", audio + "?", "-c:v", "copy", "-copyts", "-avoid_negative_ts",
                "disabled", "-bsf:v", videoFilters));
        if ("copy".equals(s.audioDecision)) {
            cmd.addAll(List.of("-c:a", "copy"));
            if (!keep.isEmpty()) {
                cmd.addAll(List.of("-bsf:a", keep));
            }
        } else {
            // Decoded audio is cut by its own times on the same boundaries (a seek would trim it at the seek point).
            cmd.add(1, "-noaccurate_seek");
            cmd.addAll(List.of("-af", "atrim=start=" + seconds(startMs / 1000.0)
                    + (last ? "" : ":end=" + seconds(endMs / 1000.0)), "-c:a", "aac", "-b:a",
                    s.audioBitrateKbps + "k", "-ac", Integer.toString(s.audioChannels)));
        }
        cmd.addAll(List.of("-f", "mpegts", out.toString()));
        return cmd;
    }

    private static String keep(long startMs, long endMs) {
        List<String> drop = new ArrayList<>();
        if (startMs >= 0) {
            drop.add("lt(pts\\," + ticks(startMs) + ")");
        }
        if (endMs >= 0) {
            drop.add("gte(pts\\," + ticks(endMs) + ")");
        }
        return drop.isEmpty() ? "" : "noise=drop=" + String.join("+", drop);
    }

    /** A millisecond boundary in 90 kHz ticks, 1 ms early so that a frame exactly on it counts as after it. */
    private static long ticks(long ms) {
        return (ms - 1) * 90;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
