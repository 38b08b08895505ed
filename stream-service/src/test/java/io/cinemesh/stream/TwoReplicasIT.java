package io.cinemesh.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.PostgresDatabaseResource;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two stream-service replicas (the packaged application, as deployed) on one database: a transcode started on
 * the first is served by the second after the first dies, segment by segment, at the right times.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static PostgresDatabaseResource db;
    static KafkaBroker kafka;
    static LibraryStandIn library;
    static Process replicaA;
    static Process replicaB;
    static int portA;
    static int portB;
    /** Each replica's management port (health), by its public port. */
    static final Map<Integer, Integer> MANAGEMENT = new java.util.HashMap<>();

    @BeforeAll
    static void startReplicas() throws Exception {
        db = new PostgresDatabaseResource();
        Map<String, String> props = new java.util.HashMap<>(db.start());
        kafka = new KafkaBroker().start();
        library = new LibraryStandIn();
        props.putAll(library.start());
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("cinemesh.token.secret", "dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdA==");
        props.put("cinemesh.admin-token", LibraryStandIn.OWNER);
        props.put("quarkus.otel.sdk.disabled", "true");
        portA = freePort();
        portB = freePort();
        replicaA = launch("a", portA, props);
        replicaB = launch("b", portB, props);
        awaitUp(portA, replicaA);
        awaitUp(portB, replicaB);
    }

    @AfterAll
    static void stopAll() {
        for (Process p : new Process[] {replicaA, replicaB}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        if (library != null) {
            library.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (db != null) {
            db.stop();
        }
    }

    @Test
    @Order(1)
    void bothReplicasServeTheSameSubtitleSegments() throws Exception {
        String master = get(portA, "/video/:/transcode/universal/start.m3u8?path=/library/metadata/1007"
                + "&directPlay=0&subtitleStreamID=" + LibraryStandIn.EMBEDDED_SUB + "&X-Plex-Platform=Chrome"
                + "&X-Plex-Token=" + LibraryStandIn.OWNER + "&X-Plex-Client-Identifier=it-subs").body();
        Matcher m = Pattern.compile("URI=\"(session/[0-9a-f-]{36}/subtitles/)index\\.m3u8\"").matcher(master);
        assertTrue(m.find(), master);
        String base = "/video/:/transcode/universal/" + m.group(1);
        HttpResponse<String> onB = get(portB, base + "1.vtt");
        HttpResponse<String> onA = get(portA, base + "1.vtt");
        assertEquals(200, onB.statusCode(), onB.body());
        assertTrue(onB.body().contains("00:00:05.000 --> 00:00:07.000\nEmbedded hello"), onB.body());
        assertEquals(onA.body(), onB.body());
    }

    @Test
    @Order(2)
    void theSecondReplicaServesSegmentsOfASessionTheFirstStartedAfterTheFirstDies() throws Exception {
        String master = get(portA, "/video/:/transcode/universal/start.m3u8?path=/library/metadata/1001"
                + "&directPlay=0&maxVideoBitrate=2000&videoResolution=1280x720&X-Plex-Token=" + LibraryStandIn.OWNER
                + "&X-Plex-Client-Identifier=it-player").body();
        Matcher m = Pattern.compile("session/([0-9a-f-]{36})/base/index\\.m3u8").matcher(master);
        assertTrue(m.find(), master);
        String base = "/video/:/transcode/universal/session/" + m.group(1) + "/base/";
        HttpResponse<byte[]> first = getBytes(portA, base + "0.ts");
        assertEquals(200, first.statusCode());
        assertEquals(1280, Probe.of(first.body()).width());
        // a timeline report on A is a session B lists
        HttpResponse<String> timeline = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA
                + "/:/timeline?ratingKey=1001&state=playing&time=4000&duration=12000"))
                .header("X-Plex-Token", LibraryStandIn.OWNER).header("X-Plex-Client-Identifier", "it-player")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, timeline.statusCode());
        String sessionsOnB = get(portB, "/status/sessions?X-Plex-Token=" + LibraryStandIn.OWNER).body();
        assertTrue(sessionsOnB.contains("machineIdentifier=\"it-player\""), sessionsOnB);
        assertTrue(sessionsOnB.contains("<TranscodeSession"), sessionsOnB);

        replicaA.destroyForcibly().waitFor();

        // B never saw this session start: it reads it from PostgreSQL and makes segment 2 at 8 s, then 1 at 4 s
        String playlist = get(portB, base + "index.m3u8").body();
        assertTrue(playlist.contains("2.ts"), playlist);
        for (int n : new int[] {2, 1}) {
            HttpResponse<byte[]> seg = getBytes(portB, base + n + ".ts");
            assertEquals(200, seg.statusCode(), "segment " + n + " from replica B");
            Probe.Result p = Probe.of(seg.body());
            assertEquals("h264", p.videoCodec());
            assertEquals(1280, p.width());
            assertEquals(720, p.height());
            assertEquals(4.0, p.duration(), 0.2);
            assertEquals(4.0 * n, p.startTime() - Probe.TRANSCODE_ORIGIN_S, 0.2, "segment " + n + " starts at its own time on B");
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Process launch(String name, int port, Map<String, String> props) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the application first (mvn verify does)");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dcinemesh.scratch=target/scratch-" + name));
        MANAGEMENT.put(port, freePort());
        cmd.add("-Dquarkus.management.port=" + MANAGEMENT.get(port));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        File log = Path.of("target", "replica-" + name + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    static void awaitUp(int port, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(p.isAlive(), "the replica on port " + port + " died; see target/replica-*.log");
            try {
                if (get(MANAGEMENT.get(port), "/q/health/live").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the replica on port " + port + " did not start");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
