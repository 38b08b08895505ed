package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class TranscodeTest {

    static final String VIDEO = "/video/:/transcode/universal/";
    static final Pattern SESSION = Pattern.compile("session/([0-9a-f-]{36})/base/index\\.m3u8");

    @io.cinemesh.testing.InjectKafkaBroker
    io.cinemesh.testing.KafkaBroker kafka;

    /** Starts a session; returns its id. */
    static String start(String kind, String rk, String query) {
        return start(LibraryStandIn.OWNER, kind, rk, query);
    }

    static String start(String token, String kind, String rk, String query) {
        String master = given().urlEncodingEnabled(false).header("X-Plex-Token", token)
                .header("X-Plex-Client-Identifier", "tx-client")
                .get("/" + kind + "/:/transcode/universal/start.m3u8?path=/library/metadata/" + rk
                        + "&mediaIndex=0&partIndex=0&protocol=hls" + query)
                .then().statusCode(200).contentType("application/vnd.apple.mpegurl").extract().asString();
        assertTrue(master.startsWith("#EXTM3U"), master);
        Matcher m = SESSION.matcher(master);
        assertTrue(m.find(), master);
        return m.group(1);
    }

    static String index(String kind, String id) {
        return given().urlEncodingEnabled(false).get("/" + kind + "/:/transcode/universal/session/" + id
                + "/base/index.m3u8").then().statusCode(200).extract().asString();
    }

    static byte[] segment(String kind, String id, int n) {
        Response r = given().urlEncodingEnabled(false).get("/" + kind + "/:/transcode/universal/session/" + id
                + "/base/" + n + ".ts");
        assertEquals(200, r.statusCode(), () -> "segment " + n + ": " + r.asString());
        assertEquals("video/mp2t", r.contentType());
        return r.asByteArray();
    }

    static int segmentStatus(String id, int n) {
        return given().urlEncodingEnabled(false).get("/video/:/transcode/universal/session/" + id + "/base/" + n
                + ".ts").statusCode();
    }

    @Test
    void aUsersTranscodesEndWhenTheirSharesChangeButNotWhenTheirNameDoes() throws Exception {
        String remux = "&directPlay=0&directStream=1";
        String viewers = start(LibraryStandIn.USER, "video", "1001", remux);
        String owners = start("video", "1001", remux);
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        p.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p)) {
            assertEquals(200, segmentStatus(viewers, 0));
            assertEquals(200, segmentStatus(owners, 0));
            // In this order on one partition: the viewer's name changes, then the owner's shares do.
            for (var e : List.of(io.cinemesh.events.CinemeshEvent.of("user.changed", "user-service", "7",
                    java.util.Map.of("userId", 7)), io.cinemesh.events.CinemeshEvent.of("share.changed",
                            "user-service", "1", java.util.Map.of("userId", io.cinemesh.tokens.Caller.OWNER_ID)))) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        io.cinemesh.events.Topics.USER, "users", e.toJson())).get();
            }
            awaitStatus(owners, 1, 404);
            assertEquals(200, segmentStatus(viewers, 1), "a changed name ends no transcode");
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(io.cinemesh.events.Topics.USER,
                    "users", io.cinemesh.events.CinemeshEvent.of("share.changed", "user-service", "7",
                            java.util.Map.of("userId", 7)).toJson())).get();
            awaitStatus(viewers, 2, 404);
            // The player starts again and access is checked afresh: still shared, so it plays.
            assertEquals(200, segmentStatus(start(LibraryStandIn.USER, "video", "1001", remux), 0));
        }
    }

    private static void awaitStatus(String id, int n, int status) throws InterruptedException {
        await("segment " + n + " of " + id + " answers " + status, java.time.Duration.ofSeconds(30),
                () -> segmentStatus(id, n) == status);
    }

    /** Polls {@code condition} every 200 ms until it holds; fails naming {@code what} after {@code within}. */
    static void await(String what, java.time.Duration within, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    static List<String> segmentNames(String playlist) {
        return playlist.lines().filter(l -> l.endsWith(".ts")).toList();
    }

    @Test
    void decisionsFollowTheClientsLimits() {
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .get(VIDEO + "decision?path=/library/metadata/1001&directPlay=1&directStream=1").then()
                .statusCode(200).body("MediaContainer.generalDecisionCode", equalTo(1000))
                .body("MediaContainer.directPlayDecisionCode", equalTo(1000))
                .body("MediaContainer.Metadata[0].title", equalTo("Test Film"))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].decision", equalTo("directplay"))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].key",
                        equalTo("/library/parts/" + LibraryStandIn.FILM + "/0/file.mp4"));
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .get(VIDEO + "decision?path=/library/metadata/1001&directPlay=0&directStream=1").then()
                .statusCode(200).body("MediaContainer.generalDecisionCode", equalTo(1001))
                .body("MediaContainer.directPlayDecisionCode", equalTo(3000))
                .body("MediaContainer.transcodeDecisionText", equalTo("Direct Stream OK."))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 1 }.decision",
                        equalTo("copy"));
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .get(VIDEO + "decision?path=/library/metadata/1001&maxVideoBitrate=3000&videoResolution=1280x720")
                .then().statusCode(200).body("MediaContainer.directPlayDecisionCode", equalTo(3001))
                .body("MediaContainer.transcodeDecisionText", equalTo("Transcode OK."))
                .body("MediaContainer.Metadata[0].Media[0].width", equalTo(1280))
                .body("MediaContainer.Metadata[0].Media[0].height", equalTo(720))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 1 }.decision",
                        equalTo("transcode"));
        // unshared item, bad input
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.USER)
                .get(VIDEO + "decision?path=/library/metadata/1002").then().statusCode(404);
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get(VIDEO + "decision?path=/etc/passwd").then().statusCode(400)
                .body(containsString("path must be"));
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get(VIDEO + "decision?path=/library/metadata/1001&videoResolution=big").then().statusCode(400);
    }

    @Test
    void everySegmentOfARemuxIsTheSourcesVideoAtFourSeconds() throws Exception {
        String id = start("video", "1001", "&directPlay=0&directStream=1&directStreamAudio=1");
        String playlist = index("video", id);
        assertTrue(playlist.contains("#EXT-X-ENDLIST"), playlist);
        assertEquals(List.of("0.ts", "1.ts", "2.ts"), segmentNames(playlist));
        double previousStart = -10;
        for (int n = 0; n < 3; n++) {
            Probe.Result p = Probe.of(segment("video", id, n));
            assertEquals("h264", p.videoCodec());
            assertEquals(1920, p.width());
            assertEquals(1080, p.height());
            assertEquals("aac", p.audioCodec());
            assertEquals(4.0, p.duration(), 0.2, "segment " + n);
            assertTrue(p.startTime() > previousStart + 3.5, "timestamps continue from segment to segment");
            previousStart = p.startTime();
        }
        given().urlEncodingEnabled(false).get(VIDEO + "session/" + id + "/base/3.ts").then().statusCode(404);
        given().urlEncodingEnabled(false).get(VIDEO + "session/00000000-0000-0000-0000-000000000000/base/0.ts")
                .then().statusCode(404);
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get(VIDEO + "stop?session=" + id).then().statusCode(200);
        given().urlEncodingEnabled(false).get(VIDEO + "session/" + id + "/base/0.ts").then().statusCode(404);
    }

    @Test
    void a720pTranscodeProbesAs720pH264AndSeeksAnywhere() throws Exception {
        String id = start("video", "1001", "&directPlay=0&maxVideoBitrate=3000&videoResolution=1280x720&offset=8");
        String playlist = index("video", id);
        assertTrue(playlist.contains("#EXT-X-START:TIME-OFFSET=8.000"), playlist);
        // the job started at the offset's segment; then the viewer seeks back to the start
        for (int n : new int[] {2, 0, 1}) {
            Probe.Result p = Probe.of(segment("video", id, n));
            assertEquals("h264", p.videoCodec(), "segment " + n);
            assertEquals(1280, p.width());
            assertEquals(720, p.height());
            assertEquals("aac", p.audioCodec());
            assertEquals(4.0, p.duration(), 0.2, "segment " + n);
            assertEquals(4.0 * n, p.startTime() - Probe.TRANSCODE_ORIGIN_S, 0.2, "segment " + n + " starts at its own time");
        }
        // it shows in /transcode/sessions, and killing it there ends the session
        given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json").get("/transcode/sessions")
                .then().statusCode(200).body("MediaContainer.TranscodeSession.find { it.key == '" + id
                        + "' }.videoDecision", equalTo("transcode"))
                .body("MediaContainer.TranscodeSession.find { it.key == '" + id + "' }.width", equalTo(1280));
        given().header("X-Plex-Token", LibraryStandIn.OWNER).delete("/transcode/sessions/" + id).then()
                .statusCode(200);
        given().urlEncodingEnabled(false).get(VIDEO + "session/" + id + "/base/1.ts").then().statusCode(404);
    }

    @Test
    void beyondTheConcurrentTranscodeLimitStartIsRefusedClearly() {
        // the test profile allows two transcodes at once on a replica
        String a = start("video", "1001", "&directPlay=0&maxVideoBitrate=2000&videoResolution=1280x720");
        String b = start("video", "1001", "&directPlay=0&maxVideoBitrate=2000&videoResolution=1280x720");
        try {
            given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                    .get(VIDEO + "start.m3u8?path=/library/metadata/1001&directPlay=0&maxVideoBitrate=2000"
                            + "&videoResolution=1280x720")
                    .then().statusCode(503).body(containsString("limit of 2 transcodes"));
        } finally {
            for (String id : new String[] {a, b}) {
                given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                        .get(VIDEO + "stop?session=" + id).then().statusCode(200);
            }
        }
    }

    @Test
    void musicStreamsAsAudioOnlySegments() throws Exception {
        String id = start("music", "1005", "&directPlay=0&directStreamAudio=0");
        String playlist = index("music", id);
        assertEquals(3, segmentNames(playlist).size(), playlist);
        Probe.Result p = Probe.of(segment("music", id, 1));
        assertEquals(null, p.videoCodec());
        assertEquals("aac", p.audioCodec());
        assertEquals(4.0, p.duration(), 0.2);
    }

    @Test
    void aTranscodeSessionShowsUnderItsPlayback() {
        String id = start("video", "1001", "&directPlay=0&directStream=1");
        given().header("X-Plex-Token", LibraryStandIn.OWNER).header("X-Plex-Client-Identifier", "tx-client")
                .queryParam("ratingKey", "1001").queryParam("state", "playing").queryParam("time", 0)
                .urlEncodingEnabled(false).post("/:/timeline").then().statusCode(200);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json").get("/status/sessions")
                .then().statusCode(200)
                .body("MediaContainer.Metadata.find { it.Player.machineIdentifier == 'tx-client' }"
                        + ".TranscodeSession.key", equalTo(id))
                .body("MediaContainer.Metadata.find { it.Player.machineIdentifier == 'tx-client' }"
                        + ".TranscodeSession.videoDecision", equalTo("copy"));
        given().header("X-Plex-Token", LibraryStandIn.OWNER).header("X-Plex-Client-Identifier", "tx-client")
                .queryParam("ratingKey", "1001").queryParam("state", "stopped").queryParam("time", 0)
                .urlEncodingEnabled(false).post("/:/timeline").then().statusCode(200);
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get(VIDEO + "stop?session=" + id).then().statusCode(200);
    }
}
