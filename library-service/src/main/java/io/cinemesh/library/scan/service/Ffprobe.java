package io.cinemesh.library.scan.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemesh.media.MediaRun;
import io.cinemesh.media.MediaTools;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs {@code ffprobe -print_format json -show_format -show_streams} and reads its answer. */
@ApplicationScoped
public class Ffprobe {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the demuxers say when they reach the end of the file while reading its first packets. */
    private static final Pattern ENDS_EARLY = Pattern.compile("ended prematurely|partial file|end of file",
            Pattern.CASE_INSENSITIVE);

    @Inject
    MediaTools tools;

    @ConfigProperty(name = "cinemesh.library.ffprobe-timeout", defaultValue = "60")
    int timeoutSeconds;

    private final AtomicLong runs = new AtomicLong();
    private Counter failures;

    @Inject
    void metrics(MeterRegistry registry) {
        registry.more().counter("cinemesh.library.ffprobe.runs", List.of(), runs);
        failures = registry.counter("cinemesh.library.ffprobe.failures");
    }

    /** How many times ffprobe ran since start: a rescan of an unchanged library must not move it. */
    public long runs() {
        return runs.get();
    }

    /** Probes a file; throws {@link ProbeException} with ffprobe's reason when it is not readable media. */
    public ProbeResult probe(Path file) throws ProbeException {
        runs.incrementAndGet();
        try {
            MediaRun.Result r = tools.ffprobe("probe", List.of("-print_format", "json", "-show_format",
                    "-show_streams", file.toString())).timeout(Duration.ofSeconds(timeoutSeconds)).run();
            if (r.timedOut()) {
                throw new ProbeException("ffprobe timed out after " + timeoutSeconds + " s");
            }
            JsonNode root = r.stdout().length == 0 ? null : JSON.readTree(r.stdout());
            if (r.exit() != 0 || root == null || !root.has("format") || !root.has("streams")
                    || root.get("streams").isEmpty()) {
                throw new ProbeException(r.reason().isEmpty() ? "not a media file ffprobe can read" : r.reason());
            }
            if (ENDS_EARLY.matcher(r.errors()).find()) {
                // The header promises media the file does not hold (a download stopped after a few KB): listed,
                // it would be a film that never plays. A file cut later probes clean and plays as far as it goes.
                throw new ProbeException("the file ends before its media does (cut short?): " + r.reason());
            }
            return read(root);
        } catch (IOException e) {
            throw new ProbeException("ffprobe could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted");
        } catch (ProbeException e) {
            failures.increment();
            throw e;
        }
    }

    static ProbeResult read(JsonNode root) {
        JsonNode format = root.get("format");
        Map<String, String> tags = tags(format.get("tags"));
        List<ProbeResult.Stream> streams = new ArrayList<>();
        for (JsonNode s : root.get("streams")) {
            String codecType = text(s, "codec_type");
            boolean attached = s.path("disposition").path("attached_pic").asInt(0) == 1;
            int type = switch (codecType == null ? "" : codecType) {
                case "video" -> 1;
                case "audio" -> 2;
                case "subtitle" -> 3;
                default -> 0;
            };
            Map<String, String> st = tags(s.get("tags"));
            streams.add(new ProbeResult.Stream(s.path("index").asInt(), type, text(s, "codec_name"),
                    profile(text(s, "profile")), st.get("language"), st.get("title"), integer(s, "width"),
                    integer(s, "height"), type == 1 && !attached ? frameRate(text(s, "avg_frame_rate"),
                    text(s, "r_frame_rate")) : null, type == 1 ? bitDepth(s) : null, integer(s, "channels"),
                    text(s, "channel_layout"), integer(s, "sample_rate"), kbps(text(s, "bit_rate")),
                    s.path("disposition").path("default").asInt(0) == 1,
                    s.path("disposition").path("forced").asInt(0) == 1, attached));
            if (type == 0) {
                streams.remove(streams.size() - 1);
            }
        }
        Double seconds = dbl(text(format, "duration"));
        return new ProbeResult(text(format, "format_name"), seconds == null ? null : Math.round(seconds * 1000),
                kbps(text(format, "bit_rate")), tags, streams);
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new HashMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                tags.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
            }
        }
        return tags;
    }

    /** Plex writes profiles lower-case without spaces ("high", "main 10" → "main 10", "LC" → "lc"). */
    private static String profile(String p) {
        return p == null ? null : p.toLowerCase(Locale.ROOT);
    }

    private static Integer bitDepth(JsonNode s) {
        Integer raw = s.has("bits_per_raw_sample") ? Integer.valueOf(s.get("bits_per_raw_sample").asInt()) : null;
        if (raw != null && raw > 0) {
            return raw;
        }
        String pix = text(s, "pix_fmt");
        if (pix == null) {
            return null;
        }
        return pix.contains("10") ? 10 : pix.contains("12") ? 12 : 8;
    }

    private static Double frameRate(String avg, String r) {
        Double v = ratio(avg);
        return v == null || v == 0 ? ratio(r) : v;
    }

    private static Double ratio(String s) {
        if (s == null || !s.contains("/")) {
            return dbl(s);
        }
        String[] p = s.split("/");
        Double n = dbl(p[0]);
        Double d = dbl(p[1]);
        return n == null || d == null || d == 0 ? null : Math.round(n / d * 1000) / 1000.0;
    }

    private static Integer kbps(String bps) {
        Double v = dbl(bps);
        return v == null ? null : (int) Math.round(v / 1000);
    }

    private static Integer integer(JsonNode n, String field) {
        return n.has(field) && n.get(field).canConvertToInt() ? n.get(field).asInt() : null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double dbl(String s) {
        if (s == null || s.isBlank() || s.equals("N/A")) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A file ffprobe cannot read; the scan records it and moves on. */
    public static class ProbeException extends Exception {
        public ProbeException(String message) {
            super(message);
        }
    }
}
