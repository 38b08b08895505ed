package io.cinemesh.library.scan.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.media.MediaTools;
import io.cinemesh.testing.MediaFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the scanner makes of films that were cut short, as downloads that stopped leave them: the film shaped like
 * people's files (10-s GOPs, B-frames, two audio tracks).
 */
class FfprobeTest {

    static Path dir;
    static Path film;
    static Ffprobe ffprobe;

    @BeforeAll
    static void aFilm() throws Exception {
        dir = Files.createDirectories(Path.of("target", "ffprobe-cut"));
        film = MediaFixtures.film(MediaFixtures.KeyFrames.GOP_10S, "mkv");
        ffprobe = new Ffprobe();
        ffprobe.tools = MediaTools.standalone("ffmpeg", "ffprobe", new SimpleMeterRegistry());
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
        assertEquals(List.of(1, 2, 2), probed.streams().stream().map(ProbeResult.Stream::type).toList());
        assertEquals(3, ffprobe.probe(film).streams().size());
    }

    private static Path cut(String name, int bytes) throws Exception {
        Path to = dir.resolve(name);
        Files.write(to, Arrays.copyOf(Files.readAllBytes(film), bytes));
        return to;
    }
}
