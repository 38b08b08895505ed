package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * One account cannot take every transcode: past its own limit a start gets 429, past the server's 503, both
 * with Retry-After and a reason; a player restarting its own session replaces its earlier transcode instead.
 * Artwork resizes past their limit are refused at once, not queued.
 */
@QuarkusTest
@TestProfile(TranscodeLimitsTest.TightLimits.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class TranscodeLimitsTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // no artwork resize may run at all: every one that is not cached is refused
            return Map.of("cinemesh.transcode.max-per-user", "2", "cinemesh.transcode.max-concurrent", "3",
                    "cinemesh.photo.max-concurrent", "0");
        }
    }

    static final String HD = "&directPlay=0&maxVideoBitrate=2000&videoResolution=1280x720";
    /**
     * The 60-s film, held a few segments ahead of its viewer: a transcode of the 12-s one can finish before the
     * next start, and a finished transcode rightly no longer counts against a limit (it holds no CPU).
     */
    static final String LONG_FILM = "/library/metadata/1011";

    private final List<String> started = new ArrayList<>();

    private Response start(String token, String client, String playerSession) {
        return given().urlEncodingEnabled(false).header("X-Plex-Token", token)
                .header("X-Plex-Client-Identifier", client)
                .get(TranscodeTest.VIDEO + "start.m3u8?path=" + LONG_FILM + "&mediaIndex=0&partIndex=0"
                        + "&protocol=hls" + HD + (playerSession == null ? "" : "&session=" + playerSession));
    }

    private String started(Response r) {
        assertEquals(200, r.statusCode(), r::asString);
        Matcher m = TranscodeTest.SESSION.matcher(r.asString());
        assertTrue(m.find(), r.asString());
        started.add(m.group(1));
        return m.group(1);
    }

    @Test
    void aUsersThirdTranscodeIs429TheServersFourthIs503AndAPlayerRestartingIsNotRefused() throws Exception {
        try {
            String tv = started(start(LibraryStandIn.USER, "living-room-tv", "tv-play-1"));
            started(start(LibraryStandIn.USER, "phone", null));

            Response third = start(LibraryStandIn.USER, "tablet", null);
            assertEquals(429, third.statusCode(), third::asString);
            assertTrue(Integer.parseInt(third.header("Retry-After")) > 0);
            assertTrue(third.asString().contains("already watching 2 transcoded streams"), third::asString);

            // the TV restarts its own playback: its earlier transcode ends, the new one starts
            String again = started(start(LibraryStandIn.USER, "living-room-tv", "tv-play-1"));
            TranscodeTest.await("the TV's earlier session is gone", java.time.Duration.ofSeconds(30),
                    () -> TranscodeTest.segmentStatus(tv, 1) == 404);
            assertEquals(200, TranscodeTest.segmentStatus(again, 0));

            // the owner is not held back by the viewer's limit, only by the server's
            started(start(LibraryStandIn.OWNER, "owner-tv", null));
            given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                    .header("X-Plex-Client-Identifier", "owner-phone")
                    .get(TranscodeTest.VIDEO + "start.m3u8?path=" + LONG_FILM + HD)
                    .then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body(containsString("limit of 3 transcodes"));
        } finally {
            for (String id : started) {
                given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                        .get(TranscodeTest.VIDEO + "stop?session=" + id);
            }
        }
    }

    @Test
    void aDirectStreamIsNotHeldBackByTheTranscodeLimits() {
        // The 60-s film: its transcodes stay alive (held a few segments ahead) while the test runs.
        String film = "/library/metadata/1012&protocol=hls";
        try {
            for (String client : List.of("den-tv", "den-phone")) {
                started(given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                        .header("X-Plex-Client-Identifier", client)
                        .get(TranscodeTest.VIDEO + "start.m3u8?path=" + film + HD));
            }
            given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                    .header("X-Plex-Client-Identifier", "den-tablet")
                    .get(TranscodeTest.VIDEO + "start.m3u8?path=" + film + HD).then().statusCode(429);
            // A direct stream copies the video: no transcode, so the account's limit does not hold it back.
            String direct = started(given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                    .header("X-Plex-Client-Identifier", "den-tablet")
                    .get(TranscodeTest.VIDEO + "start.m3u8?path=" + film + "&directPlay=0&directStream=1"));
            assertEquals(200, TranscodeTest.segmentStatus(direct, 0));
            assertEquals(200, TranscodeTest.segmentStatus(direct, 1));
        } finally {
            for (String id : started) {
                given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                        .get(TranscodeTest.VIDEO + "stop?session=" + id);
            }
        }
    }

    @Test
    void anArtworkResizeOverTheLimitIsRefusedAtOnceWithRetryAfter() {
        // a size no other test asks for, so it is not in the scratch cache
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/photo/:/transcode?url=/library/metadata/1001/thumb/1&width=123&height=77").then()
                .statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body(containsString("resizing as many images as it can"));
    }
}
