package io.cinemesh.stream;

import static io.cinemesh.stream.TranscodeTest.segmentStatus;
import static io.cinemesh.stream.TranscodeTest.start;
import static io.restassured.RestAssured.given;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transcode session ends at its absolute lifetime however busy it is: its segments and playlist answer 404 and
 * its ffmpeg stops, so a leaked segment URL does not play forever.
 */
@QuarkusTest
@TestProfile(TranscodeLifetimeTest.ShortLived.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class TranscodeLifetimeTest {

    public static class ShortLived implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Long enough to fetch the first segment on a busy machine; idleness must not be what ends it.
            return Map.of("cinemesh.transcode.max-session-lifetime", "15s",
                    "cinemesh.transcode.idle-timeout", "10m", "cinemesh.transcode.session-ttl", "10m",
                    "cinemesh.transcode.sweep-interval", "1s");
        }
    }

    @Test
    void aSessionEndsAtItsLifetimeEvenWhileInUse() throws Exception {
        String id = start("video", "1011", "&directPlay=0&directStream=1");
        TranscodeTest.await("the first segment is served", Duration.ofSeconds(15), () -> segmentStatus(id, 0) == 200);
        // Keep using it: a busy session still ends.
        TranscodeTest.await("segments answer 404", Duration.ofSeconds(60), () -> segmentStatus(id, 1) == 404);
        given().urlEncodingEnabled(false).get(TranscodeTest.VIDEO + "session/" + id + "/base/index.m3u8").then()
                .statusCode(404);
        TranscodeTest.await("its ffmpeg stops", Duration.ofSeconds(30),
                () -> TranscodeThrottleTest.ffmpeg(id).isEmpty());
        // (Not asserted that it ran before: a remux can finish all its segments before anyone looks.)
    }
}
