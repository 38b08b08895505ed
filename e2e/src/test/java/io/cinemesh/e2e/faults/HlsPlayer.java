package io.cinemesh.e2e.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A player that behaves like a real HLS client of the universal transcoder: start.m3u8 → index.m3u8 → segments
 * fetched just ahead of the play head at {@code speed}× real time, a failed request retried once, and a timeline
 * report after every segment. It measures what a viewer would notice: segments missing after the retry, requests
 * that failed twice, and the longest stall (play head waiting for a segment).
 */
public final class HlsPlayer implements Callable<HlsPlayer.Result> {

    /** What one playback saw. {@code stream} holds the segments' bytes in order when the player kept them. */
    public record Result(String session, int segments, int missing, int failedRequests, int retried,
            long longestStallMs, double segmentSeconds, byte[] stream, List<String> failures) {
    }

    private static final Pattern SESSION = Pattern.compile("session/([0-9a-f-]{36})/base/index\\.m3u8");
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),\\s*\\n(\\S+)");

    private final HttpClient http;
    private final String base;
    private final String token;
    private final String ratingKey;
    private final String profile;
    private final double speed;
    private final boolean keep;
    private final String client = "fault-player-" + UUID.randomUUID();
    private volatile String session;
    private volatile int segmentsDone;
    private int failedRequests;
    private int retried;
    /** What went wrong on each failed try: the request and the status or exception, for the suite's report. */
    private final List<String> failures = new ArrayList<>();

    /** {@code profile}: the client's query, e.g. {@code &directPlay=0&directStream=1} for a remux. */
    public HlsPlayer(HttpClient http, String base, String token, String ratingKey, String profile, double speed,
            boolean keep) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.ratingKey = ratingKey;
        this.profile = profile;
        this.speed = speed;
        this.keep = keep;
    }

    public String session() {
        return session;
    }

    public int segmentsDone() {
        return segmentsDone;
    }

    @Override
    public Result call() throws Exception {
        String prefix = base + "/video/:/transcode/universal/";
        String master = fetchText(prefix + "start.m3u8?path=" + enc("/library/metadata/" + ratingKey)
                + "&protocol=hls" + profile, true);
        if (master == null) {
            throw new IllegalStateException("start.m3u8 failed twice for item " + ratingKey + ": " + failures);
        }
        Matcher m = SESSION.matcher(master);
        if (!m.find()) {
            throw new IllegalStateException("no session in the master playlist:\n" + master);
        }
        session = m.group(1);
        String index = fetchText(prefix + m.group(), false);
        if (index == null) {
            throw new IllegalStateException("index.m3u8 failed twice: " + failures);
        }
        List<Double> durations = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        Matcher e = EXTINF.matcher(index);
        while (e.find()) {
            durations.add(Double.parseDouble(e.group(1)));
            uris.add(e.group(2));
        }
        double total = durations.stream().mapToDouble(Double::doubleValue).sum();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int missing = 0;
        long longestStall = 0;
        long playStart = -1;
        long stalled = 0;
        double start = 0;
        for (int i = 0; i < uris.size(); i++) {
            // Fetch at most three segments ahead of the play head, as players buffer.
            if (playStart >= 0) {
                double ahead = start - position(playStart, stalled);
                if (ahead > 3 * durations.get(0)) {
                    Thread.sleep((long) ((ahead - 3 * durations.get(0)) * 1000 / speed));
                }
            }
            byte[] segment = fetchBytes(prefix + "session/" + session + "/base/" + uris.get(i));
            long now = System.nanoTime();
            if (segment == null) {
                missing++;
            } else if (keep) {
                out.write(segment);
            }
            if (playStart < 0) {
                playStart = now;
            } else {
                double late = position(playStart, stalled) - start;
                if (late > 0) {
                    long ms = (long) (late * 1000 / speed);
                    stalled += ms * 1_000_000L;
                    longestStall = Math.max(longestStall, ms);
                }
            }
            start += durations.get(i);
            segmentsDone = i + 1;
            timeline("playing", (long) (start * 1000), (long) (total * 1000));
        }
        timeline("stopped", (long) (total * 1000), (long) (total * 1000));
        // As Plex players do when playback ends: the server may end the session's job now, not at its idle timeout.
        fetchText(prefix + "stop?session=" + session, true);
        return new Result(session, uris.size(), missing, failedRequests, retried, longestStall,
                durations.isEmpty() ? 0 : durations.get(0), out.toByteArray(), List.copyOf(failures));
    }

    /** Seconds of media played since the first segment arrived, not counting stalls. */
    private double position(long playStart, long stalledNanos) {
        return (System.nanoTime() - playStart - stalledNanos) / 1e9 * speed;
    }

    private void timeline(String state, long timeMs, long durationMs) throws InterruptedException {
        fetchText(base + "/:/timeline?ratingKey=" + ratingKey + "&key=" + enc("/library/metadata/" + ratingKey)
                + "&state=" + state + "&time=" + timeMs + "&duration=" + durationMs, true);
    }

    private String fetchText(String url, boolean withToken) throws InterruptedException {
        byte[] b = fetch(url, withToken);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private byte[] fetchBytes(String url) throws InterruptedException {
        return fetch(url, false);
    }

    /** One retry, as players do; null (and counted) when both tries failed. */
    private byte[] fetch(String url, boolean withToken) throws InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("X-Plex-Client-Identifier", client).header("X-Plex-Product", "Cinemesh fault suite")
                    .header("X-Plex-Session-Identifier", client);
            if (withToken) {
                rb.header("X-Plex-Token", token);
            }
            try {
                HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() / 100 == 2) {
                    return r.body();
                }
                failures.add(java.time.LocalTime.now() + " " + path(url) + " → " + r.statusCode() + " "
                        + new String(r.body(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " "));
            } catch (IOException failed) {
                // a reset or refused connection: the retry below
                failures.add(java.time.LocalTime.now() + " " + path(url) + " → " + failed);
            }
            if (attempt == 0) {
                retried++;
            }
        }
        failedRequests++;
        return null;
    }

    private static String path(String url) {
        String p = URI.create(url).getRawPath();
        return p.length() > 90 ? p.substring(p.length() - 90) : p;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
