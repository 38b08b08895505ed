package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Subtitles as a player gets them: a WebVTT rendition in the HLS master playlist whose segments carry the cues at
 * their times, burned into the picture when asked or when the client cannot show them, and as files from
 * {@code /library/streams/{id}}. Media and subtitles are real files made with ffmpeg (see {@link LibraryStandIn}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class SubtitlesTest {

    static final String VIDEO = "/video/:/transcode/universal/";
    static final Pattern SESSION = Pattern.compile("session/([0-9a-f-]{36})/base/index\\.m3u8");
    static final Pattern SUBTITLE_URI = Pattern.compile("#EXT-X-MEDIA:TYPE=SUBTITLES,.*URI=\"([^\"]+)\"");

    static String master(String platform, String query) {
        return master("/library/metadata/1007", platform, query);
    }

    static String master(String item, String platform, String query) {
        var req = given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("X-Plex-Client-Identifier", "subs-client");
        if (platform != null) {
            req = req.header("X-Plex-Platform", platform);
        }
        return req.get(VIDEO + "start.m3u8?path=" + item + "&mediaIndex=0&partIndex=0&protocol=hls"
                + query).then().statusCode(200).extract().asString();
    }

    static String session(String master) {
        Matcher m = SESSION.matcher(master);
        assertTrue(m.find(), master);
        return m.group(1);
    }

    static String get(String relative) {
        return given().urlEncodingEnabled(false).get(VIDEO + relative).then().statusCode(200).extract().asString();
    }

    static void stop(String id) {
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).get(VIDEO + "stop?session=" + id)
                .then().statusCode(200);
    }

    @Test
    void anEmbeddedTextSubtitleBecomesAWebVttRenditionWithItsCueInTheRightSegment() {
        String master = master("Chrome", "&directPlay=0&directStream=1&subtitleStreamID="
                + LibraryStandIn.EMBEDDED_SUB);
        String id = session(master);
        try {
            Matcher uri = SUBTITLE_URI.matcher(master);
            assertTrue(uri.find(), "the master playlist advertises the subtitles: " + master);
            assertTrue(master.contains("LANGUAGE=\"eng\""), master);
            assertTrue(master.contains("SUBTITLES=\"subs\""), "the video variant refers to the group: " + master);
            String playlist = get(uri.group(1));
            assertEquals(List.of("0.vtt", "1.vtt", "2.vtt"), playlist.lines().filter(l -> l.endsWith(".vtt")).toList());
            String base = uri.group(1).substring(0, uri.group(1).lastIndexOf('/') + 1);
            String second = get(base + "1.vtt");
            assertTrue(second.startsWith("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000"), second);
            assertTrue(second.contains("00:00:05.000 --> 00:00:07.000\nEmbedded hello"), second);
            assertFalse(get(base + "0.vtt").contains("Embedded hello"), "not shown in the first 4 s");
            assertFalse(get(base + "2.vtt").contains("Embedded hello"), "gone by 8 s");
            given().urlEncodingEnabled(false).get(VIDEO + base + "3.vtt").then().statusCode(404);
            // the video itself is still a remux: the subtitle rides beside it
            Probe.Result p = Probe.of(TranscodeTest.segment("video", id, 0));
            assertEquals(1920, p.width());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            stop(id);
        }
    }

    @jakarta.inject.Inject
    io.cinemesh.stream.transcode.service.TranscodeJobs jobs;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "cinemesh.scratch")
    java.nio.file.Path scratch;

    @Test
    void scratchNoJobHereOwnsIsRemovedOnceIdleWhileSubtitleReadsKeepItInUse() throws Exception {
        String master = master("Chrome", "&directPlay=0&directStream=1&subtitleStreamID="
                + LibraryStandIn.EMBEDDED_SUB);
        String id = session(master);
        java.nio.file.Path own = scratch.resolve(id);
        java.nio.file.Path fresh = scratch.resolve(java.util.UUID.randomUUID().toString());
        java.nio.file.Path orphan = scratch.resolve(java.util.UUID.randomUUID().toString());
        var hourAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        try {
            Matcher uri = SUBTITLE_URI.matcher(master);
            assertTrue(uri.find(), master);
            String base = uri.group(1).substring(0, uri.group(1).lastIndexOf('/') + 1);
            // As on a replica that only cuts this session's subtitles while another one runs its ffmpeg job.
            jobs.stop(id);
            assertTrue(get(base + "1.vtt").contains("Embedded hello"));
            assertTrue(jobs.job(id).isEmpty(), "subtitles alone start no job");
            java.nio.file.Files.setLastModifiedTime(own, hourAgo);
            get(base + "2.vtt");
            jobs.sweepIdleFolders();
            assertTrue(java.nio.file.Files.exists(own.resolve("subtitles.vtt")),
                    "a folder whose subtitles are being read is in use");

            java.nio.file.Files.createDirectories(orphan);
            java.nio.file.Files.writeString(orphan.resolve("subtitles.vtt"), "WEBVTT\n");
            java.nio.file.Files.setLastModifiedTime(orphan, hourAgo);
            java.nio.file.Files.createDirectories(fresh);
            java.nio.file.Files.setLastModifiedTime(own, hourAgo);
            jobs.sweepIdleFolders();
            assertFalse(java.nio.file.Files.exists(orphan), "an hour-old folder without a job is removed");
            assertFalse(java.nio.file.Files.exists(own), "so is the session's once nobody reads it");
            assertTrue(java.nio.file.Files.exists(fresh), "a new folder is kept");
            // The viewer comes back: the subtitles are cut again.
            assertTrue(get(base + "1.vtt").contains("Embedded hello"));
        } finally {
            java.nio.file.Files.deleteIfExists(fresh);
            stop(id);
        }
    }

    @Test
    void aSidecarSrtBecomesTheRenditionToo() {
        String id = session(master("Safari", "&directPlay=0&subtitleStreamID=" + LibraryStandIn.SIDECAR_SUB));
        try {
            String base = "session/" + id + "/subtitles/";
            assertTrue(get(base + "0.vtt").contains("00:00:01.000 --> 00:00:03.000\nSidecar line one"));
            String last = get(base + "2.vtt");
            assertTrue(last.contains("00:00:09.000 --> 00:00:10.500\nSidecar line two"), last);
            assertFalse(last.contains("Sidecar line one"), last);
        } finally {
            stop(id);
        }
    }

    @Test
    void aBurnedInSubtitleIsDrawnIntoTheFramesWhileItsCueIsShown() throws Exception {
        assertBurnedInFromFiveToSevenSeconds("/library/metadata/1007", "&subtitles=burn&subtitleStreamID="
                + LibraryStandIn.EMBEDDED_SUB);
    }

    @Test
    void aBitmapSubtitleIsBurnedIntoThePictureEvenForAClientThatShowsText() throws Exception {
        String film = "/library/metadata/1010";
        // A browser shows WebVTT, but a Blu-ray's PGS cannot become text: it goes into the picture.
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).header("X-Plex-Platform", "Chrome")
                .accept("application/json").get(VIDEO + "decision?path=" + film + "&directPlay=0&subtitleStreamID="
                        + LibraryStandIn.BITMAP_SUB)
                .then().statusCode(200)
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 3 }.decision",
                        equalTo("burn"))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 1 }.decision",
                        equalTo("transcode"));
        assertBurnedInFromFiveToSevenSeconds(film, "&subtitleStreamID=" + LibraryStandIn.BITMAP_SUB);
    }

    /**
     * Transcodes {@code item} at 720p from 4 s with and without {@code subtitleQuery} and compares the bottom of
     * the pictures: the subtitle (shown 5-7 s in both fixtures) must be drawn 2 s into segment 1 and gone 3.5 s in.
     */
    private static void assertBurnedInFromFiveToSevenSeconds(String item, String subtitleQuery) throws Exception {
        String quality = "&directPlay=0&maxVideoBitrate=3000&videoResolution=1280x720&offset=4";
        String burnedMaster = master(item, "Chrome", quality + subtitleQuery);
        assertFalse(burnedMaster.contains("TYPE=SUBTITLES"), "burned subtitles need no rendition: " + burnedMaster);
        String burned = session(burnedMaster);
        String plain = null;
        try {
            // One transcode at a time, so that a busy machine makes each in time.
            byte[] withSubs = patiently(burned, 1);
            plain = session(master(item, "Chrome", quality));
            byte[] without = patiently(plain, 1);
            assertEquals(1280, Probe.of(withSubs).width());
            double during = Probe.difference(Probe.bottomLuma(withSubs, 2.0), Probe.bottomLuma(without, 2.0));
            double after = Probe.difference(Probe.bottomLuma(withSubs, 3.5), Probe.bottomLuma(without, 3.5));
            assertTrue(during > 1.5 && during > 3 * after,
                    "the subtitle shows at 6 s (difference " + during + ") and not at 7.5 s (" + after + ")");
        } finally {
            stop(burned);
            if (plain != null) {
                stop(plain);
            }
        }
    }

    /**
     * A segment, asking again as players do when it was not ready in time (a 503, or the test client's own read
     * timeout on a machine busy with other builds).
     */
    static byte[] patiently(String session, int n) {
        for (int attempt = 1; ; attempt++) {
            try {
                var r = given().urlEncodingEnabled(false).get(VIDEO + "session/" + session + "/base/" + n + ".ts");
                if (r.statusCode() != 503 || attempt == 4) {
                    assertEquals(200, r.statusCode(), () -> "segment " + n + ": " + r.asString());
                    return r.asByteArray();
                }
            } catch (Exception e) {
                // RestAssured throws the socket's timeout unchecked
                if (attempt == 4) {
                    throw new AssertionError("segment " + n + " never came", e);
                }
            }
        }
    }

    @Test
    void theDecisionSaysWhereTheSubtitleGoes() {
        // a browser shows WebVTT beside the video
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).header("X-Plex-Platform", "Chrome")
                .accept("application/json").get(VIDEO + "decision?path=/library/metadata/1007&directPlay=0"
                        + "&subtitleStreamID=" + LibraryStandIn.EMBEDDED_SUB)
                .then().statusCode(200).body("MediaContainer.transcodeDecisionText", equalTo("Direct Stream OK."))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 3 }.decision",
                        equalTo("transcode"))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 3 }.location",
                        equalTo("segments-subs"));
        // a client of unknown platform gets them burned in, so the video must be transcoded
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .get(VIDEO + "decision?path=/library/metadata/1007&subtitleStreamID=" + LibraryStandIn.SIDECAR_SUB)
                .then().statusCode(200).body("MediaContainer.directPlayDecisionCode", equalTo(3005))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 3 }.decision",
                        equalTo("burn"))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 1 }.decision",
                        equalTo("transcode"));
        // direct play in a browser: the sidecar is fetched by its key
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).header("X-Plex-Platform", "Chrome")
                .accept("application/json").get(VIDEO + "decision?path=/library/metadata/1007&subtitleStreamID="
                        + LibraryStandIn.SIDECAR_SUB)
                .then().statusCode(200).body("MediaContainer.directPlayDecisionCode", equalTo(1000))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 3 }.key",
                        equalTo("/library/streams/" + LibraryStandIn.SIDECAR_SUB))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].Stream.find { it.streamType == 3 }.location",
                        equalTo("sidecar-subs"));
        // subtitles=none ignores the selection
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .get(VIDEO + "decision?path=/library/metadata/1007&subtitles=none&subtitleStreamID="
                        + LibraryStandIn.SIDECAR_SUB)
                .then().statusCode(200).body("MediaContainer.directPlayDecisionCode", equalTo(1000));
        // bad input
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get(VIDEO + "decision?path=/library/metadata/1007&subtitleStreamID=5555").then().statusCode(400)
                .body(containsString("not a subtitle of this media"));
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get(VIDEO + "decision?path=/library/metadata/1007&subtitles=sideways").then().statusCode(400)
                .body(containsString("subtitles must be"));
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get(VIDEO + "decision?path=/library/metadata/1007&subtitleStreamID=abc").then().statusCode(400);
    }

    @Test
    void streamsServeSubtitlesAsFilesInTheAskedFormat() {
        given().header("X-Plex-Token", LibraryStandIn.USER).get("/library/streams/" + LibraryStandIn.SIDECAR_SUB)
                .then().statusCode(200).contentType(startsWith("application/x-subrip"))
                .body(startsWith("1\n00:00:01,000 --> 00:00:03,000\nSidecar line one"));
        given().header("X-Plex-Token", LibraryStandIn.USER).queryParam("format", "vtt")
                .get("/library/streams/" + LibraryStandIn.SIDECAR_SUB).then().statusCode(200)
                .contentType(startsWith("text/vtt")).body(startsWith("WEBVTT"))
                .body(containsString("00:09.000 --> 00:10.500\nSidecar line two"));
        given().header("X-Plex-Token", LibraryStandIn.USER).get("/library/streams/" + LibraryStandIn.EMBEDDED_SUB
                + ".vtt").then().statusCode(200).body(startsWith("WEBVTT"))
                .body(containsString("00:05.000 --> 00:07.000\nEmbedded hello"));
        given().header("X-Plex-Token", LibraryStandIn.USER).get("/library/streams/" + LibraryStandIn.EMBEDDED_SUB)
                .then().statusCode(200).body(containsString("00:00:05,000 --> 00:00:07,000\nEmbedded hello"));
        given().header("X-Plex-Token", LibraryStandIn.USER).queryParam("format", "bmp")
                .get("/library/streams/" + LibraryStandIn.SIDECAR_SUB).then().statusCode(400)
                .body(containsString("srt, vtt or ass"));
        given().header("X-Plex-Token", LibraryStandIn.USER).get("/library/streams/" + LibraryStandIn.SUBBED_VIDEO)
                .then().statusCode(404);
        given().header("X-Plex-Token", LibraryStandIn.USER).get("/library/streams/999999").then().statusCode(404);
        given().get("/library/streams/" + LibraryStandIn.SIDECAR_SUB).then().statusCode(401);
    }

    /** The caller chose the French track and the subtitle in a Plex app (PUT /library/parts/{id}, library-service). */
    @Test
    void theCallersSavedAudioAndSubtitleChoiceApplyWhenTheRequestNamesNone() throws Exception {
        String master = given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("X-Plex-Platform", "Chrome").get(VIDEO + "start.m3u8?path=/library/metadata/1009"
                        + "&protocol=hls&directPlay=0&directStream=1").then().statusCode(200).extract().asString();
        String id = session(master);
        try {
            assertTrue(SUBTITLE_URI.matcher(master).find(), "the saved subtitle is shown: " + master);
            Probe.Result p = Probe.of(TranscodeTest.segment("video", id, 0));
            assertEquals(1, p.audioChannels(), "the French (mono) track plays, not the first (stereo) one");
        } finally {
            stop(id);
        }
        // Naming none (0) turns the saved subtitle off for this stream; the audio choice still holds.
        String plain = given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("X-Plex-Platform", "Chrome").get(VIDEO + "start.m3u8?path=/library/metadata/1009"
                        + "&protocol=hls&directPlay=0&directStream=1&subtitleStreamID=0").then().statusCode(200)
                .extract().asString();
        String plainId = session(plain);
        try {
            assertFalse(SUBTITLE_URI.matcher(plain).find(), plain);
        } finally {
            stop(plainId);
        }
    }
}
