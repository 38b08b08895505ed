package io.cinemesh.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MediaProcessesTest {

    @Test
    void secretsInTheServiceEnvironmentAreNotPassedOn() {
        Map<String, String> env = MediaProcesses.environment(Map.of("PATH", "/opt/ffmpeg/bin:/usr/bin",
                "CINEMESH_TOKEN_SECRET", "c2VjcmV0", "CINEMESH_ADMIN_TOKEN", "owner", "CINEMESH_DB_PASSWORD", "pw",
                "LC_ALL", "de_DE.UTF-8", "HOME", "/home/cinemesh"));
        assertEquals(Map.of("PATH", "/opt/ffmpeg/bin:/usr/bin", "LC_ALL", "de_DE.UTF-8", "LANG", "C.UTF-8",
                "HOME", "/home/cinemesh"), env);
    }

    @Test
    void aServiceWithoutPathOrLocaleStillFindsItsBinaries() {
        Map<String, String> env = MediaProcesses.environment(Map.of("CINEMESH_TOKEN_SECRET", "x"));
        assertEquals(Set.of("PATH", "LANG"), env.keySet());
        assertTrue(env.get("PATH").contains("/usr/bin"));
    }

    @Test
    void theChildSeesOnlyTheAllowedVariables() throws IOException, InterruptedException {
        // a real child: what /usr/bin/env prints is what it was given
        Process p = MediaProcesses.builder("env").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        Set<String> names = Arrays.stream(out.split("\n")).filter(l -> l.contains("="))
                .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
        assertFalse(names.isEmpty(), out);
        assertTrue(MediaProcesses.PASSED.containsAll(names), "child saw " + names);
    }
}
