package io.cinemesh.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EchoUpstreams.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class GatewayTest {

    static final String OWNER = "test-owner-token";

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void awaitIdentity() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (given().get("/identity").statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
    }

    @Test
    void identityNeedsNoTokenAndMatchesTheRoot() {
        given().get("/identity").then().statusCode(200)
                .header("Content-Type", "text/xml;charset=utf-8")
                .body("MediaContainer.@machineIdentifier", equalTo(EchoUpstreams.MACHINE_ID))
                .body("MediaContainer.@claimed", equalTo("1"))
                .body("MediaContainer.@size", equalTo("0"));
        given().header("X-Plex-Token", OWNER).get("/").then().statusCode(200)
                .body("MediaContainer.@machineIdentifier", equalTo(EchoUpstreams.MACHINE_ID));
    }

    @Test
    void rootNeedsAToken() {
        given().get("/").then().statusCode(401).body(containsString("<Response code=\"401\""));
        given().header("X-Plex-Token", "wrong").accept("application/json").get("/").then().statusCode(401)
                .header("Content-Type", "application/json").body("errors[0].status", equalTo(401));
    }

    @Test
    void rootInXmlHasWhatClientsRead() {
        given().header("X-Plex-Token", OWNER).get("/").then().statusCode(200)
                .body("MediaContainer.@ownerFeatures", equalTo(""))
                .body("MediaContainer.@friendlyName", equalTo("Test Server"))
                .body("MediaContainer.@version", equalTo("1.40.0.8395-cinemesh"))
                .body("MediaContainer.@myPlex", equalTo("0"))
                .body("MediaContainer.@platform", equalTo("Linux"))
                .body("MediaContainer.Directory.find { it.@key == 'library' }.@title", equalTo("library"));
    }

    @Test
    void rootInJsonIsTypedAndExactlyApplicationJson() {
        given().queryParam("X-Plex-Token", OWNER).accept("application/json").get("/").then().statusCode(200)
                .header("Content-Type", "application/json")
                .body("MediaContainer.ownerFeatures", equalTo(""))
                .body("MediaContainer.myPlex", equalTo(false))
                .body("MediaContainer.multiuser", equalTo(true))
                .body("MediaContainer.transcoderActiveVideoSessions", equalTo(0))
                .body("MediaContainer.Directory.size()", equalTo(7));
    }

    @Test
    void plexPathsReachTheirOwnerWithQueryRangeAndClientHeadersIntact() {
        Response r = given().urlEncodingEnabled(false).header("X-Plex-Token", OWNER).header("X-Plex-Client-Identifier", "client-1")
                .header("Range", "bytes=0-99").header("X-Forwarded-For", "6.6.6.6")
                .get("/library/sections/1/all?type=1&sort=titleSort:desc&X-Plex-Container-Size=5");
        r.then().statusCode(200).body("service", equalTo("library-service"))
                .body("path", equalTo("/library/sections/1/all"))
                .body("query", equalTo("type=1&sort=titleSort:desc&X-Plex-Container-Size=5"))
                .body("headers.range", equalTo("bytes=0-99"))
                .body("headers.x-plex-client-identifier", equalTo("client-1"))
                .body("headers.x-plex-token", equalTo(OWNER))
                .body("headers.x-forwarded-for", not(containsString("6.6.6.6")));
        route("/library/parts/12/1700000000/file.mp4", "stream-service");
        route("/library/parts/12", "library-service");
        route("/video/:/transcode/universal/start.m3u8", "stream-service");
        route("/:/timeline", "stream-service");
        route("/status/sessions", "stream-service");
        route("/:/scrobble", "library-service");
        route("/hubs/search", "library-service");
        route("/playQueues/3", "library-service");
        route("/accounts", "user-service");
    }

    @Test
    void aTranscodeStartWithAPlexWebSizedQueryIsServedNotRefused() {
        // Plex Web puts its identity, token and client profile in the query: such a request line runs to kilobytes.
        String profile = "add-transcode-target(type=videoProfile&context=streaming&protocol=hls&container=mpegts"
                + "&videoCodec=h264&audioCodec=aac,mp3,ac3)+add-limitation(scope=videoCodec&scopeName=h264"
                + "&type=upperBound&name=video.level&value=52)+";
        String query = "path=%2Flibrary%2Fmetadata%2F1001&protocol=hls&X-Plex-Client-Profile-Extra="
                + java.net.URLEncoder.encode(profile.repeat(30), java.nio.charset.StandardCharsets.UTF_8);
        Response r = given().urlEncodingEnabled(false).header("X-Plex-Token", OWNER)
                .get("/video/:/transcode/universal/start.m3u8?" + query);
        r.then().statusCode(200).body("service", equalTo("stream-service")).body("query", equalTo(query));
    }

    private static void route(String path, String service) {
        given().header("X-Plex-Token", OWNER).get(path).then().statusCode(200).body("service", equalTo(service))
                .body("path", equalTo(path));
    }

    @Test
    void proxiedRequestsNeedATokenToo() {
        given().get("/library/sections").then().statusCode(401).header("X-Echo-Service", nullValue());
        given().header("X-Plex-Token", "cm1.x.y").get("/library/sections").then().statusCode(401);
    }

    @Test
    void signInIsForwardedWithoutAToken() {
        given().formParam("login", "alice").formParam("password", "secret").post("/api/v2/users/signin").then()
                .statusCode(200).body("service", equalTo("user-service")).body("method", equalTo("POST"))
                .body("headers.x-plex-token", nullValue());
        given().get("/api/v2/user").then().statusCode(401);
        // The old plex.tv sign-in, with HTTP Basic credentials that must reach user-service as they are.
        given().auth().preemptive().basic("alice", "secret").post("/users/sign_in.json").then().statusCode(200)
                .body("service", equalTo("user-service")).body("path", equalTo("/users/sign_in.json"))
                .body("headers.authorization", equalTo("Basic YWxpY2U6c2VjcmV0"));
    }

    @Test
    void aTranscodeSessionsPlaylistAndSegmentsNeedNoTokenButItsStartDoes() {
        String session = "/video/:/transcode/universal/session/0680c2ae-1b7e-4a0c-9d5e-3f1e2a4b5c6d/base/";
        given().urlEncodingEnabled(false).get(session + "index.m3u8").then().statusCode(200)
                .body("service", equalTo("stream-service"));
        given().urlEncodingEnabled(false).get(session + "12.ts").then().statusCode(200);
        String subtitles = session.replace("/base/", "/subtitles/");
        given().urlEncodingEnabled(false).get(subtitles + "index.m3u8").then().statusCode(200);
        given().urlEncodingEnabled(false).get(subtitles + "3.vtt").then().statusCode(200);
        given().urlEncodingEnabled(false).get(subtitles + "3.srt").then().statusCode(401);
        given().urlEncodingEnabled(false).get("/video/:/transcode/universal/start.m3u8").then().statusCode(401);
        given().urlEncodingEnabled(false).get(session + "../../../../../../../status/sessions").then().statusCode(401);
    }

    @Test
    void internalAndUnknownPathsAreNotForwarded() {
        given().header("X-Plex-Token", OWNER).get("/internal/server-identity").then().statusCode(404)
                .header("X-Echo-Service", nullValue());
        given().header("X-Plex-Token", OWNER).get("/library/../internal/server-identity").then().statusCode(404)
                .header("X-Echo-Service", nullValue());
    }

    @Test
    void bodiesStreamBothWays() {
        byte[] upload = new byte[3 * 1024 * 1024];
        given().header("X-Plex-Token", OWNER).body(upload).post("/playlists").then().statusCode(200)
                .body("bodyLength", equalTo(upload.length)).body("method", equalTo("POST"));
        byte[] got = given().header("X-Plex-Token", OWNER).get("/library/parts/big").then().statusCode(200)
                .header("Content-Type", "video/mp4").extract().asByteArray();
        assertEquals(EchoUpstreams.BIG, got.length);
        for (int i = 0; i < got.length; i += 4099) {
            assertEquals((byte) (i * 31), got[i], "byte " + i);
        }
    }

    @Test
    void aHandedOffPartIsSentFromTheSharedMediaFolder() throws Exception {
        double sent = handOffs("sent");
        Response r = given().header("X-Plex-Token", OWNER).header("Range", "bytes=10-109")
                .get("/library/parts/handoff/film");
        r.then().statusCode(206).header("Content-Range", "bytes 10-109/4096").header("Content-Length", "100")
                .header("ETag", "\"7-1000-1\"").header("Content-Type", "video/x-matroska");
        byte[] expected = java.util.Arrays.copyOfRange(java.nio.file.Files.readAllBytes(EchoUpstreams.film), 10, 110);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, r.asByteArray());
        r.headers().asList().forEach(h -> assertEquals(false, h.getName().toLowerCase().startsWith("x-cinemesh"),
                "an internal header reached the client: " + h));
        assertEquals(sent + 1, handOffs("sent"));
    }

    @Test
    void aHandedOffPartRemovedBeforeItIsSentIsAnsweredNotReset() {
        given().header("X-Plex-Token", OWNER).get("/library/parts/handoff/vanishing").then().statusCode(404)
                .header("Content-Type", startsWith("text/plain")).header("Content-Range", nullValue())
                .header("ETag", nullValue()).body(equalTo("This file is no longer on the server"));
    }

    @Test
    void aHandOffWithoutAUsableRangeIsProxiedAndCountedAsRefused() {
        double sent = handOffs("sent");
        double refused = handOffs("refused");
        given().header("X-Plex-Token", OWNER).get("/library/parts/handoff/malformed").then().statusCode(200)
                .header("X-Echo-Service", "stream-service")
                .body("path", equalTo("/library/parts/handoff/malformed"));
        assertEquals(sent, handOffs("sent"), "nothing went out from the file");
        assertEquals(refused + 1, handOffs("refused"));
    }

    private double handOffs(String outcome) {
        return registry.counter("cinemesh.gateway.part.handoffs", "outcome", outcome).count();
    }

    @Test
    void aHandOffNamingAFileOutsideTheMediaFolderIsProxiedInstead() {
        // The client's own copy of the internal header is dropped; the gateway's retry asks for no hand-off.
        given().header("X-Plex-Token", OWNER).header("X-Cinemesh-Part-Handoff", "1")
                .get("/library/parts/handoff/outside").then().statusCode(200)
                .header("X-Echo-Service", "stream-service")
                .body("path", equalTo("/library/parts/handoff/outside"))
                .body("headers.x-cinemesh-part-handoff", nullValue());
    }
}
