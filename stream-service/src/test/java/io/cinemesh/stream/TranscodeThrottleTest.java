package io.cinemesh.stream;

import static io.cinemesh.stream.TranscodeTest.segment;
import static io.cinemesh.stream.TranscodeTest.start;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What the machine's owner sees of a transcode the viewer is not keeping up with: ffmpeg runs a bounded number
 * of segments ahead and then stops (SIGSTOP, no CPU), follows the viewer without being restarted, is replaced by
 * one started at the new place on a seek far ahead, lives on while a paused player pings, and is gone once nobody
 * asks for the session. The film is shaped like people's files (10-s GOPs, B-frames, two audio tracks), so the
 * seek lands between the source's key frames.
 */
@QuarkusTest
@TestProfile(TranscodeThrottleTest.HeldBack.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class TranscodeThrottleTest {

    static final int AHEAD = 2;
    static final int IDLE_SECONDS = 15;

    public static class HeldBack implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cinemesh.transcode.segments-ahead", Integer.toString(AHEAD),
                    "cinemesh.transcode.throttle-interval", "200ms",
                    "cinemesh.transcode.idle-timeout", IDLE_SECONDS + "s");
        }
    }

    @Test
    void ffmpegStaysABoundedNumberOfSegmentsAheadFollowsTheViewerAndEndsWhenNobodyWatchesOrPings() throws Exception {
        String id = start("video", "1012", "&directPlay=0&maxVideoBitrate=3000&videoResolution=1280x720");
        segment("video", id, 0);

        // Held back: a few segments in (not the whole 60-s film), and the process is stopped, not just flagged.
        await("ffmpeg is held back", () -> throttled(id));
        ProcessHandle first = ffmpeg(id).orElseThrow(() -> new AssertionError("no ffmpeg for " + id));
        await("ffmpeg is stopped (SIGSTOP) while held back", () -> state(first) == 'T');
        Thread.sleep(500); // its last progress report, written before the stop, has been read
        double heldAt = progress(id);
        double segmentShare = 100.0 * 4 / LibraryStandIn.LONG_SECONDS;
        assertTrue(heldAt <= (AHEAD + 2) * segmentShare, "ran ahead to " + heldAt + " % of the film");
        Thread.sleep(1000);
        assertEquals(heldAt, progress(id), "no progress while held back");

        // The viewer catches up: the same ffmpeg goes on (what it made is reused, nothing restarts).
        for (int n = 1; n <= 3; n++) {
            segment("video", id, n);
        }
        await("ffmpeg goes on past where it was held", () -> progress(id) > heldAt && throttled(id));
        assertEquals(Optional.of(first.pid()), ffmpeg(id).map(ProcessHandle::pid), "the job was reused");

        // A seek far ahead (past what it made and would soon make): a job at the new place replaces the old one,
        // and its segment is in the right place.
        Probe.Result far = Probe.of(segment("video", id, 9));
        assertEquals(36.0, far.startTime() - Probe.TRANSCODE_ORIGIN_S, 0.2);
        assertEquals(1280, far.width());
        await("the first ffmpeg is gone", () -> !first.isAlive());
        ProcessHandle second = ffmpeg(id).orElseThrow(() -> new AssertionError("no ffmpeg after the seek"));
        assertTrue(second.info().arguments().map(List::of).orElse(List.of()).contains("36"),
                "started at 36 s: " + second.info().commandLine().orElse("?"));
        await("the new ffmpeg is held back too", () -> throttled(id));
        assertTrue(second.isAlive(), "held back, not finished: the film goes on to 60 s");

        // A paused player asks for no segments but pings: the job outlives the idle timeout.
        long pingUntil = System.currentTimeMillis() + (IDLE_SECONDS + 3) * 1000L;
        while (System.currentTimeMillis() < pingUntil) {
            given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                    .get(TranscodeTest.VIDEO + "ping?session=" + id).then().statusCode(200);
            Thread.sleep(2000);
        }
        assertTrue(second.isAlive(), "a pinged session keeps its ffmpeg");

        // Nobody asks any more: after the idle timeout the session's ffmpeg ends and its scratch is removed.
        await("the idle ffmpeg ends", () -> !second.isAlive());
        assertFalse(Files.exists(Path.of("target/scratch", id)), "the session's scratch is removed");
    }

    static boolean throttled(String id) {
        return Boolean.TRUE.equals(session(id, "throttled"));
    }

    private static double progress(String id) {
        return ((Number) session(id, "progress")).doubleValue();
    }

    /** An attribute of the session as {@code /transcode/sessions} lists it. */
    private static Object session(String id, String attribute) {
        JsonPath all = given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .get("/transcode/sessions").then().statusCode(200).extract().jsonPath();
        return all.get("MediaContainer.TranscodeSession.find { it.key == '" + id + "' }." + attribute);
    }

    /** The ffmpeg this replica runs for the session (its scratch folder is named by the session id). */
    static Optional<ProcessHandle> ffmpeg(String id) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(id)).orElse(false)).findFirst();
    }

    /** The process's state letter from /proc ('T' when stopped by a signal), or '?' once it is gone. */
    private static char state(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (java.io.IOException gone) {
            return '?';
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        TranscodeTest.await(what, java.time.Duration.ofSeconds(IDLE_SECONDS + 45), condition);
    }
}
