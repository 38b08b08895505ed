package io.cinemesh.library.scan.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.media.MediaTools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A probe that hangs (a stalled network mount, a file that loops the demuxer) costs the scan its timeout, no more. */
class FfprobeHangTest {

    @TempDir
    Path tmp;

    @Test
    void aHangingProbeIsAFailureAfterItsTimeout() throws Exception {
        Path hang = Files.writeString(tmp.resolve("ffprobe"), "#!/bin/sh\nsleep 60 &\nwait\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwx------"));
        Ffprobe probe = new Ffprobe();
        probe.tools = MediaTools.standalone("ffmpeg", hang.toString(), new SimpleMeterRegistry());
        probe.timeoutSeconds = 1;
        probe.metrics(new SimpleMeterRegistry());
        Ffprobe.ProbeException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(Ffprobe.ProbeException.class, () -> probe.probe(tmp.resolve("film.mkv"))));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }
}
