package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.stream.photo.service.PhotoResizer;
import io.cinemesh.stream.subtitle.service.ConvertedSubtitles;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Asking twice for the same resized poster or converted subtitle runs ffmpeg once: the second answer is the
 * same bytes, from the scratch cache. Access is still checked on every request.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class ScratchCachesTest {

    @Inject
    PhotoResizer photos;
    @Inject
    ConvertedSubtitles subtitles;
    @ConfigProperty(name = "cinemesh.scratch")
    Path scratch;

    @BeforeEach
    void emptyCaches() throws IOException {
        // earlier runs left their results on scratch; start cold so the first request surely runs ffmpeg
        for (String dir : new String[] {"photos", "subtitles"}) {
            Path d = scratch.resolve(dir);
            if (Files.exists(d)) {
                try (Stream<Path> files = Files.walk(d)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static byte[] poster(String token, int w, int h) {
        return given().urlEncodingEnabled(false).header("X-Plex-Token", token)
                .get("/photo/:/transcode?url=/library/metadata/1001/thumb/1&width=" + w + "&height=" + h)
                .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
    }

    @Test
    void theSamePosterAtTheSameSizeIsResizedOnce() throws Exception {
        long before = photos.resizes();
        byte[] first = poster(LibraryStandIn.OWNER, 300, 300);
        assertEquals(before + 1, photos.resizes());
        byte[] second = poster(LibraryStandIn.USER, 300, 300);
        assertArrayEquals(first, second);
        assertEquals(before + 1, photos.resizes(), "the second answer came from the cache");
        assertEquals(300, Probe.of(second).width());
        // another size is another picture
        assertEquals(200, Probe.of(poster(LibraryStandIn.OWNER, 200, 200)).width());
        assertEquals(before + 2, photos.resizes());
        // the cache does not let anyone past the shares: item 1002 is not shared with the viewer
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.USER)
                .get("/photo/:/transcode?url=/library/metadata/1002/thumb/1&width=300&height=300").then()
                .statusCode(404);
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/photo/:/transcode?url=/library/metadata/1001/thumb/1&width=5000&height=300").then()
                .statusCode(400).body(org.hamcrest.Matchers.containsString("width must be between 1 and 4096"));
    }

    @Test
    void aSubtitleDownloadIsConvertedOnce() {
        long before = subtitles.conversions();
        byte[] first = given().header("X-Plex-Token", LibraryStandIn.USER)
                .get("/library/streams/" + LibraryStandIn.EMBEDDED_SUB + "?format=vtt").then().statusCode(200)
                .extract().asByteArray();
        assertEquals(before + 1, subtitles.conversions());
        byte[] second = given().header("X-Plex-Token", LibraryStandIn.USER)
                .get("/library/streams/" + LibraryStandIn.EMBEDDED_SUB + "?format=vtt").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(first, second);
        assertEquals(before + 1, subtitles.conversions(), "the second answer came from the cache");
        given().get("/library/streams/" + LibraryStandIn.EMBEDDED_SUB + "?format=vtt").then().statusCode(401);
    }
}
