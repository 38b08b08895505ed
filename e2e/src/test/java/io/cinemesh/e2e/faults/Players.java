package io.cinemesh.e2e.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What the fault cases share: library set-up through the Plex API, waiting, load, and the continuity check. */
final class Players {

    private Players() {
    }

    static long createSection(FaultStack stack, String name, String location) {
        String key = given().baseUri(stack.url).header("X-Plex-Token", stack.token).accept("application/json")
                .queryParam("name", name).queryParam("type", "movie").queryParam("agent", "tv.plex.agents.movie")
                .queryParam("scanner", "Plex Movie").queryParam("language", "en-US").queryParam("location", location)
                .post("/library/sections").then().statusCode(org.hamcrest.Matchers.either(
                        org.hamcrest.Matchers.equalTo(200)).or(org.hamcrest.Matchers.equalTo(201)))
                .extract().path("MediaContainer.Directory[0].key");
        return Long.parseLong(key);
    }

    /** Until no scan runs and the section holds at least {@code items} items. */
    static void awaitScan(FaultStack stack, long section, int items, Duration timeout) throws Exception {
        await(() -> {
            int activities = given().baseUri(stack.url).header("X-Plex-Token", stack.token)
                    .accept("application/json").get("/activities").then().statusCode(200).extract()
                    .path("MediaContainer.size");
            return activities == 0 && titles(stack, section).size() >= items;
        }, timeout);
    }

    /** Title → ratingKey of a section's items. */
    static Map<String, String> titles(FaultStack stack, long section) {
        List<Map<String, Object>> md = given().baseUri(stack.url).header("X-Plex-Token", stack.token)
                .accept("application/json").get("/library/sections/" + section + "/all").then().statusCode(200)
                .extract().path("MediaContainer.Metadata");
        Map<String, String> out = new HashMap<>();
        if (md != null) {
            md.forEach(m -> out.put(String.valueOf(m.get("title")), String.valueOf(m.get("ratingKey"))));
        }
        return out;
    }

    static void await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not done within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /** Waits until the players are under way; a player that gave up meanwhile fails the wait with its reason. */
    static void awaitPlaying(BooleanSupplier done, Duration timeout, java.util.concurrent.Future<?>... players)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            for (var player : players) {
                if (player.isDone()) {
                    player.get();
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the players were not under way within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    static <T> T awaitValue(Callable<T> value, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        T v;
        while ((v = value.call()) == null) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("nothing within " + timeout);
            }
            Thread.sleep(100);
        }
        return v;
    }

    /**
     * The fetched segments, decoded back to back as a player does: every video and audio timestamp follows the one
     * before it with no step back and no repeat; no video gap longer than 0.1 s (a frame is 42 ms). Audio may miss
     * up to 0.15 s where another replica's job takes over (an AAC frame is 21 ms): a copied audio track is cut at
     * the segment's start, while the job from the start put the audio of the encoder's reorder delay (two frames,
     * 83 ms) into that segment.
     */
    static void assertContinuous(byte[] stream, String what) throws Exception {
        Path ts = Files.createTempFile("fault-" + what, ".ts");
        try {
            Files.write(ts, stream);
            for (String kind : List.of("v:0", "a:0")) {
                Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", kind, "-show_entries",
                        "packet=pts_time", "-of", "csv=p=0", ts.toString()).redirectErrorStream(true).start();
                List<Double> pts = new ArrayList<>();
                for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
                    if (line.matches("[0-9.]+,?")) {
                        pts.add(Double.parseDouble(line.replace(",", "")));
                    }
                }
                p.waitFor(60, TimeUnit.SECONDS);
                pts.sort(Double::compare); // presentation order: B-frames arrive before the frames they follow
                assertTrue(pts.size() > 100, what + " " + kind + ": only " + pts.size() + " packets decoded");
                double limit = kind.startsWith("v") ? 0.1 : 0.15;
                double longest = 0;
                for (int i = 1; i < pts.size(); i++) {
                    double gap = pts.get(i) - pts.get(i - 1);
                    assertTrue(gap > 0 && gap <= limit, what + " " + kind + ": timestamps " + pts.get(i - 1) + " → "
                            + pts.get(i) + (gap <= 0 ? " repeat" : " leave a gap"));
                    longest = Math.max(longest, gap);
                }
                FaultSuiteIT.figure(what + " " + kind + " decoded span", String.format(java.util.Locale.ROOT,
                        "%.2f s in %d packets, longest step %.3f s", pts.get(pts.size() - 1) - pts.get(0),
                        pts.size(), longest));
            }
        } finally {
            Files.deleteIfExists(ts);
        }
    }

    static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static Load load(FaultStack stack, HttpClient http, String ratingKey, int players, int browsers) {
        return new Load(stack, http, ratingKey, players, browsers);
    }

    /** Players that start again when their film ends, and browsing clients, until stopped; every failure counted. */
    static final class Load implements AutoCloseable {
        record Totals(long requests, long retried, long failed, long missingSegments, long longestStallMs) {
        }

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong retried = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong missing = new AtomicLong();
        private final AtomicLong stall = new AtomicLong();
        private final AtomicInteger segments = new AtomicInteger();
        /** Every failed try of the players, for the report when a case fails. */
        final List<String> failures = new ArrayList<>();
        private final ExecutorService pool;
        private final List<Future<?>> tasks = new ArrayList<>();

        Load(FaultStack stack, HttpClient http, String ratingKey, int players, int browsers) {
            pool = Executors.newFixedThreadPool(players + browsers);
            for (int i = 0; i < players; i++) {
                tasks.add(pool.submit(() -> {
                    while (running.get()) {
                        HlsPlayer.Result r = new HlsPlayer(http, stack.url, stack.token, ratingKey,
                                FaultSuiteIT.REMUX, 1.0, false).call();
                        requests.addAndGet(2L * r.segments() + 3);
                        retried.addAndGet(r.retried());
                        failed.addAndGet(r.failedRequests());
                        missing.addAndGet(r.missing());
                        stall.accumulateAndGet(r.longestStallMs(), Math::max);
                        segments.addAndGet(r.segments());
                        synchronized (failures) {
                            failures.addAll(r.failures());
                        }
                    }
                    return null;
                }));
            }
            List<String> pages = List.of("/", "/library/sections", "/library/onDeck", "/status/sessions",
                    "/library/metadata/" + ratingKey, "/hubs/continueWatching/items");
            for (int i = 0; i < browsers; i++) {
                tasks.add(pool.submit(() -> {
                    while (running.get()) {
                        for (String page : pages) {
                            browse(http, stack, page);
                            Thread.sleep(250);
                        }
                    }
                    return null;
                }));
            }
        }

        private void browse(HttpClient http, FaultStack stack, String page) throws InterruptedException {
            requests.incrementAndGet();
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create(stack.url + page))
                            .header("X-Plex-Token", stack.token).header("Accept", "application/json")
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status / 100 == 2) {
                        return;
                    }
                    synchronized (failures) {
                        failures.add(java.time.LocalTime.now() + " " + page + " → " + status);
                    }
                } catch (java.io.IOException e) {
                    // retried below
                    synchronized (failures) {
                        failures.add(java.time.LocalTime.now() + " " + page + " → " + e);
                    }
                }
                if (attempt == 0) {
                    retried.incrementAndGet();
                }
            }
            failed.incrementAndGet();
        }

        void awaitWarm(Duration timeout) throws InterruptedException {
            await(() -> segments.get() > 0 || requests.get() > 20, timeout);
        }

        Totals stop() throws Exception {
            running.set(false);
            for (Future<?> f : tasks) {
                f.get(3, TimeUnit.MINUTES);
            }
            return new Totals(requests.get(), retried.get(), failed.get(), missing.get(), stall.get());
        }

        @Override
        public void close() {
            running.set(false);
            pool.shutdownNow();
        }
    }
}
