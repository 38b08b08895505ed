package io.cinemesh.stream;

import static io.cinemesh.stream.TranscodeTest.segment;
import static io.cinemesh.stream.TranscodeTest.start;
import static io.cinemesh.stream.TranscodeThrottleTest.await;
import static io.cinemesh.stream.TranscodeThrottleTest.ffmpeg;
import static io.cinemesh.stream.TranscodeThrottleTest.throttled;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The node's scratch space is bounded: when two transcodes together outgrow it, the one watched least recently
 * loses its files (and its ffmpeg) first, and its viewer still gets the next segment, made again.
 */
@QuarkusTest
@TestProfile(TranscodeScratchTest.SmallScratch.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class TranscodeScratchTest {

    /**
     * At 1 Mb/s a 4-s segment is ~0.57 MB (measured: 558-593 KB). A session held one segment ahead keeps two and
     * part of a third (1.2-1.7 MB): one fits in 2 MB, two do not.
     */
    public static class SmallScratch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cinemesh.transcode.segments-ahead", "1",
                    "cinemesh.transcode.throttle-interval", "200ms",
                    "cinemesh.transcode.scratch-max-mb", "2",
                    // Only the budget may end a job here, not idleness.
                    "cinemesh.transcode.idle-timeout", "10m");
        }
    }

    static final String LOW = "&directPlay=0&maxVideoBitrate=1000&videoResolution=1280x720";

    @Test
    void theSessionWatchedLeastRecentlyLosesItsScratchFirstAndStillPlays() throws Exception {
        String older = start("video", "1011", LOW);
        segment("video", older, 0);
        await("the first session is held back", () -> ffmpeg(older).isPresent() && throttled(older));
        ProcessHandle olderJob = ffmpeg(older).orElseThrow();

        String newer = start("video", "1011", LOW);
        segment("video", newer, 0);
        await("the older session's ffmpeg is dropped", () -> !olderJob.isAlive());
        assertTrue(Files.notExists(Path.of("target/scratch", older)), "the older session's files are dropped");
        assertTrue(ffmpeg(newer).isPresent(), "the session watched last keeps its ffmpeg");
        assertTrue(Files.exists(Path.of("target/scratch", newer)), "and its files");

        // The older viewer carries on: its next segment is made again, in the right place.
        Probe.Result next = Probe.of(segment("video", older, 1));
        assertEquals(4.0, next.startTime() - Probe.TRANSCODE_ORIGIN_S, 0.2);
        assertEquals(1280, next.width());

        for (String id : new String[] {older, newer}) {
            given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                    .get(TranscodeTest.VIDEO + "stop?session=" + id).then().statusCode(200);
        }
    }
}
