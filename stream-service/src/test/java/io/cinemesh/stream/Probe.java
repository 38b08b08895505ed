package io.cinemesh.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** ffprobe on bytes a test received, to judge a segment as a player would. */
public final class Probe {

    /**
     * Where a transcode segment's timestamps start for source time 0: mpegts's 1.4 s plus the transcoder's 0.5 s
     * (TranscodeJob.TIMELINE_OFFSET_S).
     */
    static final double TRANSCODE_ORIGIN_S = 1.9;


    public record Result(String videoCodec, int width, int height, String audioCodec, double startTime,
            double duration, int audioChannels) {
    }

    private Probe() {
    }

    /**
     * The luma of the bottom quarter (where subtitles are drawn) of the frame {@code at} seconds into a segment, as
     * ffmpeg decodes it.
     */
    public static byte[] bottomLuma(byte[] segment, double at) throws Exception {
        Path tmp = Files.createTempFile("segment-", ".ts");
        try {
            Files.write(tmp, segment);
            Process p = new ProcessBuilder(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-i", tmp.toString(),
                    "-ss", Double.toString(at), "-frames:v", "1", "-vf", "crop=iw:ih/4:0:ih*3/4", "-f", "rawvideo",
                    "-pix_fmt", "gray", "pipe:1")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0 || out.length == 0) {
                throw new AssertionError("ffmpeg could not decode a frame at " + at + " s of the segment");
            }
            return out;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Mean absolute difference of two equally sized grey images, 0–255. */
    public static double difference(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new AssertionError("frames differ in size: " + a.length + " vs " + b.length);
        }
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return sum / (double) a.length;
    }

    public static Result of(byte[] bytes) throws Exception {
        Path tmp = Files.createTempFile("segment-", ".ts");
        try {
            Files.write(tmp, bytes);
            Process p = new ProcessBuilder(List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                    "-show_streams", tmp.toString())).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new AssertionError("ffprobe could not read the segment: " + out);
            }
            JsonNode root = new ObjectMapper().readTree(out);
            String v = null;
            String a = null;
            int channels = 0;
            int w = 0;
            int h = 0;
            for (JsonNode s : root.path("streams")) {
                if ("video".equals(s.path("codec_type").asText())) {
                    v = s.path("codec_name").asText();
                    w = s.path("width").asInt();
                    h = s.path("height").asInt();
                } else if ("audio".equals(s.path("codec_type").asText())) {
                    a = s.path("codec_name").asText();
                    channels = s.path("channels").asInt();
                }
            }
            return new Result(v, w, h, a, root.path("format").path("start_time").asDouble(),
                    root.path("format").path("duration").asDouble(), channels);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
