package io.cinemesh.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of the real ffmpeg and ffprobe, and of stand-ins that hang, through the one runner. */
class MediaToolsTest {

    @TempDir
    static Path tmp;
    static Path clip;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void makeClip() throws Exception {
        clip = tmp.resolve("clip.mkv");
        Process p = MediaProcesses.builder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc=duration=2:size=320x240:rate=25", "-f", "lavfi", "-i", "sine=duration=2", "-c:v",
                "libx264", "-g", "25", "-bf", "2", "-c:a", "aac", clip.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    MediaTools tools(String ffmpeg, String ffprobe) {
        return MediaTools.standalone(ffmpeg, ffprobe, registry);
    }

    long runs(String purpose, String outcome) {
        var t = registry.find("cinemesh.media.runs").tag("purpose", purpose).tag("outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void aProbeOfAFileAnswersWithItsStreams() throws Exception {
        MediaRun.Result r = tools("ffmpeg", "ffprobe").ffprobe("probe", List.of("-of", "json", "-show_streams",
                clip.toString())).timeout(Duration.ofSeconds(30)).run();
        assertTrue(r.ok(), r.errors());
        String json = new String(r.stdout());
        assertTrue(json.contains("\"codec_name\": \"h264\"") && json.contains("\"codec_name\": \"aac\""), json);
        assertEquals(1, runs("probe", "ok"));
    }

    @Test
    void whatIsNotMediaFailsWithTheToolsReason() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.mkv"), "not a film");
        MediaRun.Result r = tools("ffmpeg", "ffprobe").ffmpeg("artwork", List.of("-i", text.toString(), "-f",
                "null", "-")).run();
        assertFalse(r.ok());
        assertTrue(r.exit() != 0 && r.errors().contains("Invalid data"), r.errors());
        assertFalse(r.reason().isEmpty());
        assertEquals(1, runs("artwork", "failed"));
    }

    @Test
    void stdinAndLinesReachTheTool() throws Exception {
        MediaTools tools = tools("ffmpeg", "ffprobe");
        byte[] frame = tools.ffmpeg("frame", List.of("-i", clip.toString(), "-frames:v", "1", "-f", "image2pipe",
                "-c:v", "png", "pipe:1")).run().stdout();
        MediaRun.Result resized = tools.ffmpeg("photo", List.of("-i", "pipe:0", "-vf", "scale=64:-2", "-f",
                "image2pipe", "-c:v", "mjpeg", "pipe:1")).stdin(frame).run();
        assertTrue(resized.ok(), resized.errors());
        assertEquals((byte) 0xFF, resized.stdout()[0], "a JPEG");

        List<String> keyFrames = new ArrayList<>();
        MediaRun.Result probe = tools.ffprobe("key-frames", List.of("-select_streams", "v:0", "-show_entries",
                "packet=pts_time,flags", "-of", "csv=p=0", clip.toString())).lines(l -> {
                    if (l.contains("K")) {
                        keyFrames.add(l);
                    }
                }).run();
        assertTrue(probe.ok(), probe.errors());
        assertEquals(2, keyFrames.size(), "a key frame a second: " + keyFrames);
    }

    @Test
    void aToolThatHangsIsKilledAtItsTimeoutChildrenToo() throws Exception {
        // A stand-in whose child keeps stdout open, as a stuck network read in ffprobe would.
        Path hang = Files.writeString(tmp.resolve("hanging-ffprobe"), "#!/bin/sh\nsleep 60 &\nwait\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwx------"));
        MediaRun.Result r = tools("ffmpeg", hang.toString()).ffprobe("probe", List.of(clip.toString()))
                .timeout(Duration.ofSeconds(1)).run();
        assertTrue(r.timedOut());
        assertFalse(r.ok());
        assertTrue(r.took().compareTo(Duration.ofSeconds(10)) < 0, "took " + r.took());
        assertEquals(1, runs("probe", "timed-out"));
    }

    @Test
    void aCancelledRunEndsAtOnce() throws Exception {
        MediaRun.Running running = tools("ffmpeg", "ffprobe").ffmpeg("remux", List.of("-re", "-f", "lavfi", "-i",
                "testsrc=duration=60", "-f", "null", "-")).start();
        Thread.sleep(300);
        running.cancel();
        MediaRun.Result r = running.await();
        assertTrue(r.cancelled());
        assertTrue(r.took().compareTo(Duration.ofSeconds(10)) < 0, "took " + r.took());
        assertEquals(1, runs("remux", "cancelled"));
    }

    @Test
    void aMissingBinaryIsSaidByName() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> tools("/nonexistent/ffmpeg", "ffprobe").ffmpeg("artwork", List.of("-version")).run());
        assertTrue(e.getMessage().contains("cinemesh.media.ffmpeg"), e.getMessage());
    }
}
