package io.cinemesh.library.scan.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the scanner makes of films that were cut short, as downloads that stopped leave them. */
class FfprobeTest {

    static Path dir;
    static Path film;
    static Ffprobe ffprobe;

    @BeforeAll
    static void aTenSecondFilm() throws Exception {
        dir = Files.createDirectories(Path.of("target", "ffprobe-cut"));
        film = dir.resolve("Whole (2020).mkv");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=1280x720:rate=24:duration=10", "-f", "lavfi", "-i", "sine=duration=10", "-c:v",
                "libx264", "-preset", "ultrafast", "-g", "240", "-c:a", "aac", film.toString())
                .inheritIO().start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, "ffmpeg made no film");
        ffprobe = new Ffprobe();
        ffprobe.binary = "ffprobe";
        ffprobe.timeoutSeconds = 60;
        ffprobe.metrics(new SimpleMeterRegistry());
    }

    @Test
    void aFilmThatStopsAfterItsHeaderIsNotReadableMedia() throws Exception {
        Path stub = cut("Stub (2020).mkv", 4096);
        Ffprobe.ProbeException e = assertThrows(Ffprobe.ProbeException.class, () -> ffprobe.probe(stub));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }

    @Test
    void aFilmCutHalfWayIsStillAFilmThatPlaysAsFarAsItGoes() throws Exception {
        Path half = cut("Half (2020).mkv", (int) (Files.size(film) / 2));
        ProbeResult probed = ffprobe.probe(half);
        assertEquals(List.of(1, 2), probed.streams().stream().map(ProbeResult.Stream::type).toList());
        assertEquals(2, ffprobe.probe(film).streams().size());
    }

    private static Path cut(String name, int bytes) throws Exception {
        Path to = dir.resolve(name);
        Files.write(to, Arrays.copyOf(Files.readAllBytes(film), bytes));
        return to;
    }
}
