package io.cinemesh.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** ffprobe on bytes a test received, to judge a segment as a player would. */
public final class Probe {

    public record Result(String videoCodec, int width, int height, String audioCodec, double startTime,
            double duration) {
    }

    private Probe() {
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
            int w = 0;
            int h = 0;
            for (JsonNode s : root.path("streams")) {
                if ("video".equals(s.path("codec_type").asText())) {
                    v = s.path("codec_name").asText();
                    w = s.path("width").asInt();
                    h = s.path("height").asInt();
                } else if ("audio".equals(s.path("codec_type").asText())) {
                    a = s.path("codec_name").asText();
                }
            }
            return new Result(v, w, h, a, root.path("format").path("start_time").asDouble(),
                    root.path("format").path("duration").asDouble());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
