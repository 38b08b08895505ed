package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.media.MediaProcesses;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The transcoder's ffmpeg, read from outside as an attacker with a crafted file would see it: its environment
 * (/proc/PID/environ) holds only what MediaProcesses passes, none of this JVM's variables.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class ChildProcessEnvironmentTest {

    @Test
    void theTranscodersFfmpegSeesOnlyPathAndLocale() throws Exception {
        String id = TranscodeTest.start("video", "1001", "&directPlay=0&maxVideoBitrate=2000"
                + "&videoResolution=1280x720");
        try {
            List<ProcessHandle> ffmpegs = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false)).toList();
            assertFalse(ffmpegs.isEmpty(), "the transcode runs an ffmpeg child");
            for (ProcessHandle p : ffmpegs) {
                byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
                Set<String> names = Arrays.stream(new String(environ, StandardCharsets.UTF_8).split("\0"))
                        .filter(v -> v.contains("=")).map(v -> v.substring(0, v.indexOf('=')))
                        .collect(Collectors.toSet());
                assertTrue(MediaProcesses.PASSED.containsAll(names), "ffmpeg " + p.pid() + " saw " + names);
                assertTrue(names.contains("PATH"), "ffmpeg " + p.pid() + " saw " + names);
            }
        } finally {
            given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                    .get(TranscodeTest.VIDEO + "stop?session=" + id).then().statusCode(200);
        }
    }
}
