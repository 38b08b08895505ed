package io.cinemesh.library.scan.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.media.MediaProcesses;
import io.cinemesh.media.MediaTools;
import io.cinemesh.testing.MediaFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scanner's ffprobe sees PATH and the locale, not the service's secrets (or anything else it was given). */
class FfprobeEnvironmentTest {

    @Test
    void ffprobeRunsWithTheMinimalEnvironment() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "ffprobe-env"));
        Path seen = dir.resolve("env.txt").toAbsolutePath();
        Files.deleteIfExists(seen);
        // ffprobe as the scanner runs it, recording the environment it was started with
        Path wrapper = dir.resolve("ffprobe");
        Files.writeString(wrapper, "#!/bin/sh\nenv > '" + seen + "'\nexec ffprobe \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Ffprobe ffprobe = new Ffprobe();
        ffprobe.tools = MediaTools.standalone("ffmpeg", wrapper.toAbsolutePath().toString(),
                new SimpleMeterRegistry());
        ffprobe.timeoutSeconds = 60;

        ProbeResult probed = ffprobe.probe(MediaFixtures.videoStub(2));

        assertFalse(probed.streams().isEmpty());
        Set<String> names = Files.readAllLines(seen).stream().filter(l -> l.contains("="))
                .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
        // sh itself adds PWD (and some shells SHLVL, _); everything else must be what MediaProcesses passes
        names.removeAll(Set.of("PWD", "SHLVL", "_", "OLDPWD"));
        assertTrue(MediaProcesses.PASSED.containsAll(names), "ffprobe saw " + names);
        assertTrue(names.contains("PATH"), "ffprobe saw " + names);
    }
}
