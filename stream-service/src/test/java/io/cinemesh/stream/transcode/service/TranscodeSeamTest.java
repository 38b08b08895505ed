package io.cinemesh.stream.transcode.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.media.MediaProcesses;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.cinemesh.testing.MediaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Segment N of a transcode is the same whether the job that made it started at the beginning or at N (a seek, or
 * another replica taking over): the frames of a job from the start must not be presented a couple of frames later
 * than the same frames of a job started at N. Real ffmpeg, the 10-s-GOP film with B-frames, the transcoder's own
 * command.
 */
class TranscodeSeamTest {

    @Test
    void aJobStartedAtSegmentTwoPresentsItsFramesWhenTheJobFromTheStartDoes() throws Exception {
        Path film = MediaFixtures.film(MediaFixtures.KeyFrames.GOP_10S, "mkv");
        TranscodeSessionRecord s = new TranscodeSessionRecord();
        s.id = "seam";
        s.kind = "movie";
        s.videoDecision = "transcode";
        s.audioDecision = "copy";
        s.width = 640;
        s.height = 360;
        s.videoBitrateKbps = 1000;
        s.audioBitrateKbps = 128;
        s.audioChannels = 2;
        s.segmentSeconds = 4;
        s.durationMs = 60_000;
        Path dir = Files.createDirectories(Path.of("target", "transcode-seam"));
        Path fromStart = run(s, 0, film, dir.resolve("from-0"));
        Path fromTwo = run(s, 2, film, dir.resolve("from-2"));
        List<Double> a = videoTimes(fromStart.resolve("2.ts"));
        List<Double> b = videoTimes(fromTwo.resolve("2.ts"));
        assertEquals(a.size(), b.size(), "frames in segment 2");
        assertEquals(a.get(0), b.get(0), 0.001, "segment 2's first frame is presented at one time from either job");
        assertEquals(a.get(a.size() - 1), b.get(b.size() - 1), 0.001, "and its last");
        // Segment 1 of the first job ends where segment 2 of the second begins: no frame twice, none missing.
        List<Double> before = videoTimes(fromStart.resolve("1.ts"));
        double gap = b.get(0) - before.get(before.size() - 1);
        assertTrue(gap > 0.03 && gap < 0.05, "one frame (42 ms) between the two jobs' segments, not " + gap);
    }

    private static Path run(TranscodeSessionRecord s, int start, Path film, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error"));
        cmd.addAll(TranscodeJob.command(s, start, film, dir));
        // Only the first few segments: the test compares 1 and 2.
        cmd.addAll(cmd.indexOf("-i") + 2, List.of("-t", Integer.toString(16 - 4 * start)));
        Process p = MediaProcesses.builder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                .start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, "ffmpeg failed: "
                + Files.readString(dir.resolve("log")));
        return dir;
    }

    private static List<Double> videoTimes(Path segment) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "packet=pts_time", "-of", "csv=p=0", segment.toString()).redirectErrorStream(true).start();
        List<Double> times = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            if (line.matches("[0-9.]+,?")) {
                times.add(Double.parseDouble(line.replace(",", "")));
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        times.sort(Double::compare);
        return times;
    }
}
