package io.cinemesh.stream;

import static io.cinemesh.stream.TranscodeTest.start;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Segment files come and go under a playing session: the throttle drops those well behind the viewer, scratch
 * trimming and the end of a session delete them, one of them possibly while it is being sent. A player asking for
 * one gets it, or an answer it can act on, within a segment's time; never a request left open.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class SegmentGoneTest {

    /** Longer than making a segment here takes, much shorter than the server's 30-s wait for one. */
    private static final RestAssuredConfig PLAYER = io.restassured.RestAssured.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 10_000));

    static Response get(String id, int n) {
        return given().config(PLAYER).urlEncodingEnabled(false)
                .get("/video/:/transcode/universal/session/" + id + "/base/" + n + ".ts");
    }

    @Test
    void aSegmentDroppedBehindTheViewerIsMadeAgainWhenAskedFor() throws Exception {
        String id = start("video", "1011", "&directPlay=0&directStream=1");
        assertEquals(200, get(id, 0).statusCode());
        Path dir = Path.of("target/scratch", id);
        TranscodeTest.await("segment 1 is made ahead of the viewer", java.time.Duration.ofSeconds(30),
                () -> Files.isRegularFile(dir.resolve("1.ts")));
        // As the throttle drops segments well behind the viewer; the running job is already past this one.
        Files.delete(dir.resolve("1.ts"));

        Response again = get(id, 1);
        assertEquals(200, again.statusCode(), again::asString);
        assertEquals("video/mp2t", again.contentType());
        assertEquals(0x47, again.asByteArray()[0], "an MPEG-TS packet");
    }

    @Test
    void aFileGoneBetweenFindingAndSendingIsAnsweredNotLeftOpen() {
        Response gone = given().config(PLAYER).header("X-Plex-Token", LibraryStandIn.OWNER).get(FileGoneResource.PATH);
        assertEquals(503, gone.statusCode(), gone::asString);
        assertEquals("The segment went away; ask again", gone.asString());
    }
}
