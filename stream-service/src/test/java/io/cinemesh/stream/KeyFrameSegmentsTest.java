package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Direct streams (video copied) of films shaped like people's files: every segment, as ffprobe reads it, starts
 * where the playlist says and lasts what it lists, follows the previous one without a gap or an overlap, and is
 * the same segment when a fresh job makes it (a seek, or another replica taking over after a job died).
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class KeyFrameSegmentsTest {

    /** One frame at 24 fps, and a little for millisecond rounding. */
    static final double FRAME = 1 / 24.0 + 0.002;
    /** One AAC frame at 48 kHz. */
    static final double AUDIO = 0.025;
    static final String REMUX = "&directPlay=0&directStream=1";

    /** The video and audio of a segment, in seconds of the MPEG-TS clock. */
    record Timing(double videoStart, double videoEnd, double audioStart, double audioEnd) {
    }

    @ParameterizedTest
    @ValueSource(longs = {LibraryStandIn.GOP10_MKV, LibraryStandIn.GOP10_MP4, LibraryStandIn.VARIABLE_GOP,
        LibraryStandIn.VARIABLE_GOP_MP4, LibraryStandIn.OPEN_GOP})
    void everyReplicaCutsTheSameSegmentsOnKeyFrames(long part) throws Exception {
        String rk = LibraryStandIn.PARTS.get(part)[0];
        String first = started(TranscodeTest.start("video", rk, REMUX));
        String playlist = TranscodeTest.index("video", first);
        List<Double> listed = extinf(playlist);
        assertTrue(listed.size() >= 4, playlist);

        List<Timing> made = new ArrayList<>();
        for (int n = 0; n < listed.size(); n++) {
            made.add(timing(TranscodeTest.segment("video", first, n)));
        }
        double origin = made.get(0).videoStart();
        double listedStart = 0;
        for (int n = 0; n < listed.size(); n++) {
            Timing t = made.get(n);
            String what = "segment " + n + " of part " + part + " " + t + " listed at " + listedStart + " for "
                    + listed.get(n) + "\n" + playlist;
            assertEquals(listedStart, t.videoStart() - origin, FRAME, "starts where the playlist says: " + what);
            assertEquals(listed.get(n), t.videoEnd() - t.videoStart(), FRAME, "lasts what it lists: " + what);
            if (n > 0) {
                Timing before = made.get(n - 1);
                assertEquals(before.videoEnd(), t.videoStart(), FRAME, "video follows on: " + what);
                assertEquals(before.audioEnd(), t.audioStart(), AUDIO, "audio follows on: " + what);
            }
            listedStart += listed.get(n);
        }

        // A seek: a new session from the middle of segment m makes m (and m+1) again, the same.
        int m = listed.size() / 2;
        double middle = listed.subList(0, m).stream().mapToDouble(Double::doubleValue).sum() + listed.get(m) / 2;
        String seeked = started(TranscodeTest.start("video", rk, REMUX + "&offset=" + middle));
        assertEquals(listed, extinf(TranscodeTest.index("video", seeked)), "the same playlist after a seek");
        for (int n = m; n <= m + 1 && n < listed.size(); n++) {
            assertSame(made.get(n), timing(TranscodeTest.segment("video", seeked, n)), "segment " + n
                    + " after a seek to " + middle);
        }
        // Another replica taking over a session whose job died: a fresh job starting at the asked segment.
        String taken = started(TranscodeTest.start("video", rk, REMUX));
        int late = listed.size() - 2;
        assertSame(made.get(late), timing(TranscodeTest.segment("video", taken, late)), "segment " + late
                + " made by a job that starts there");
        assertSame(made.get(1), timing(TranscodeTest.segment("video", taken, 1)), "segment 1 made by a job that "
                + "starts there after a seek back");
    }

    private final List<String> sessions = new ArrayList<>();

    private String started(String id) {
        sessions.add(id);
        return id;
    }

    /** Held-back jobs count against the transcode limit: end them, as a player does. */
    @AfterEach
    void stopSessions() {
        sessions.forEach(KeyFrameSegmentsTest::stop);
        sessions.clear();
    }

    static void stop(String id) {
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get(TranscodeTest.VIDEO + "stop?session=" + id).then().statusCode(200);
    }

    private static void assertSame(Timing expected, Timing actual, String what) {
        assertEquals(expected.videoStart(), actual.videoStart(), 0.0015, what + ": video start " + actual);
        assertEquals(expected.videoEnd(), actual.videoEnd(), 0.0015, what + ": video end " + actual);
        assertEquals(expected.audioStart(), actual.audioStart(), 0.0015, what + ": audio start " + actual);
        assertEquals(expected.audioEnd(), actual.audioEnd(), 0.0015, what + ": audio end " + actual);
    }

    static List<Double> extinf(String playlist) {
        return playlist.lines().filter(l -> l.startsWith("#EXTINF:"))
                .map(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).toList();
    }

    /** The first and last presentation times (end = time + duration) of the video and the audio packets. */
    static Timing timing(byte[] segment) throws Exception {
        Path tmp = Files.createTempFile("segment-", ".ts");
        try {
            Files.write(tmp, segment);
            Process p = new ProcessBuilder(List.of("ffprobe", "-v", "error", "-of", "json", "-show_entries",
                    "stream=index,codec_type:packet=stream_index,pts_time,duration_time", tmp.toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            JsonNode root = new ObjectMapper().readTree(p.getInputStream());
            assertEquals(0, p.waitFor(), "ffprobe reads the segment");
            int video = -1;
            int audio = -1;
            for (JsonNode s : root.path("streams")) {
                if ("video".equals(s.path("codec_type").asText())) {
                    video = s.path("index").asInt();
                } else if ("audio".equals(s.path("codec_type").asText()) && audio < 0) {
                    audio = s.path("index").asInt();
                }
            }
            double[] v = {Double.MAX_VALUE, -1};
            double[] a = {Double.MAX_VALUE, -1};
            for (JsonNode k : root.path("packets")) {
                double[] range = k.path("stream_index").asInt() == video ? v
                        : k.path("stream_index").asInt() == audio ? a : null;
                if (range != null && k.has("pts_time")) {
                    double pts = k.path("pts_time").asDouble();
                    range[0] = Math.min(range[0], pts);
                    range[1] = Math.max(range[1], pts + k.path("duration_time").asDouble());
                }
            }
            assertTrue(v[1] > 0 && a[1] > 0, "the segment has video and audio");
            return new Timing(v[0], v[1], a[0], a[1]);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
