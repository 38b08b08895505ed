package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class DirectPlayTest {

    static final String FILM_URL = "/library/parts/" + LibraryStandIn.FILM + "/1700000000/file.mp4";

    @Test
    void randomRangesReturnTheFilesOwnBytes() throws Exception {
        byte[] file = Files.readAllBytes(LibraryStandIn.file(LibraryStandIn.FILM));
        Random random = new Random(42);
        for (int i = 0; i < 25; i++) {
            long first = random.nextInt(file.length);
            long last = Math.min(file.length - 1, first + random.nextInt(3_000_000));
            Response r = given().queryParam("X-Plex-Token", LibraryStandIn.OWNER)
                    .header("Range", "bytes=" + first + "-" + last).get(FILM_URL);
            assertEquals(206, r.statusCode());
            assertEquals("bytes " + first + "-" + last + "/" + file.length, r.header("Content-Range"));
            assertEquals("video/mp4", r.contentType());
            assertArrayEquals(Arrays.copyOfRange(file, (int) first, (int) last + 1), r.asByteArray());
        }
        // open-ended and suffix ranges
        Response open = given().header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("Range", "bytes=" + (file.length - 1000) + "-").get(FILM_URL);
        assertEquals(206, open.statusCode());
        assertArrayEquals(Arrays.copyOfRange(file, file.length - 1000, file.length), open.asByteArray());
        Response suffix = given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=-500")
                .get(FILM_URL);
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(Arrays.copyOfRange(file, file.length - 500, file.length), suffix.asByteArray());
        // whole file, with Accept-Ranges
        Response whole = given().header("X-Plex-Token", LibraryStandIn.OWNER).get(FILM_URL);
        assertEquals(200, whole.statusCode());
        assertEquals("bytes", whole.header("Accept-Ranges"));
        assertArrayEquals(file, whole.asByteArray());
    }

    @Test
    void unsatisfiableRangeIs416AndHeadDescribesTheFile() throws Exception {
        long size = Files.size(LibraryStandIn.file(LibraryStandIn.FILM));
        given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=" + size + "-")
                .get(FILM_URL).then().statusCode(416).header("Content-Range", "bytes */" + size);
        // HEAD through a real client (RestAssured drops HEAD's Content-Length)
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + FILM_URL))
                .header("X-Plex-Token", LibraryStandIn.OWNER).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals(Long.toString(size), head.headers().firstValue("Content-Length").orElse(""));
        assertEquals("bytes", head.headers().firstValue("Accept-Ranges").orElse(""));
        assertTrue(head.headers().firstValue("ETag").isPresent());
        HttpResponse<Void> headRange = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + FILM_URL)).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("Range", "bytes=10-19").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(206, headRange.statusCode());
        assertEquals("10", headRange.headers().firstValue("Content-Length").orElse(""));
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheSameFile() throws Exception {
        byte[] file = Files.readAllBytes(LibraryStandIn.file(LibraryStandIn.FILM));
        String etag = given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=0-0")
                .get(FILM_URL).header("ETag");
        Response same = given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=100-199")
                .header("If-Range", etag).get(FILM_URL);
        assertEquals(206, same.statusCode());
        assertArrayEquals(Arrays.copyOfRange(file, 100, 200), same.asByteArray());
        Response changed = given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=100-199")
                .header("If-Range", "\"an-older-version\"").get(FILM_URL);
        assertEquals(200, changed.statusCode());
        assertEquals(file.length, changed.asByteArray().length);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).header("If-None-Match", etag).get(FILM_URL).then()
                .statusCode(304);
    }

    @Test
    void downloadIsAnAttachmentAndMusicHasItsType() {
        given().header("X-Plex-Token", LibraryStandIn.OWNER).queryParam("download", "1").header("Range", "bytes=0-9")
                .get(FILM_URL).then().statusCode(206)
                .header("Content-Disposition", containsString("attachment; filename=\"Test Film.mp4\""));
        given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=0-9")
                .get("/library/parts/" + LibraryStandIn.SONG + "/1/file.mp3").then().statusCode(206)
                .contentType("audio/mpeg");
    }

    @Test
    void sharesPathsAndTokensDecideWhatIsServed() throws Exception {
        // a user sees the film shared with them, not the secret one: unshared looks exactly like unknown
        given().header("X-Plex-Token", LibraryStandIn.USER).header("Range", "bytes=0-9").get(FILM_URL).then()
                .statusCode(206);
        given().header("X-Plex-Token", LibraryStandIn.USER)
                .get("/library/parts/" + LibraryStandIn.SECRET + "/1/file.mp4").then().statusCode(404);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).get("/library/parts/999999/1/file.mp4").then()
                .statusCode(404);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).get("/library/parts/abc/1/file.mp4").then()
                .statusCode(404);
        // a stored path that climbs out of the root, or a symlink that leads out, is never followed
        given().header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/library/parts/" + LibraryStandIn.ESCAPE + "/1/file.mp4").then().statusCode(404)
                .body(equalTo(given().header("X-Plex-Token", LibraryStandIn.OWNER)
                        .get("/library/parts/" + LibraryStandIn.MISSING + "/1/file.mp4").asString()));
        String viaLink = given().header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/library/parts/" + LibraryStandIn.SYMLINK + "/1/file.mp4").then().statusCode(404).extract()
                .asString();
        assertTrue(!viaLink.contains("not media"));
        // nothing from the URL reaches the file system: the file name segment is ignored
        given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=0-9")
                .get("/library/parts/" + LibraryStandIn.FILM + "/1/..%2F..%2Fetc%2Fpasswd").then().statusCode(206)
                .contentType("video/mp4");
        given().get(FILM_URL).then().statusCode(401);
    }

    @Test
    void rangeRequestsOfOnePartAreServedFromTheLookupCache() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String calls = ConfigProvider.getConfig().getValue("quarkus.rest-client.library-service.url", String.class)
                + "/_calls";
        given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=0-9")
                .get("/library/parts/" + LibraryStandIn.SONG + "/1/file.mp3").then().statusCode(206);
        int before = Integer.parseInt(http.send(HttpRequest.newBuilder(URI.create(calls)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (int i = 0; i < 10; i++) {
            given().header("X-Plex-Token", LibraryStandIn.OWNER).header("Range", "bytes=" + i + "-" + (i + 9))
                    .get("/library/parts/" + LibraryStandIn.SONG + "/1/file.mp3").then().statusCode(206);
        }
        int after = Integer.parseInt(http.send(HttpRequest.newBuilder(URI.create(calls)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(before, after, "ten range requests within the cache time ask library-service nothing");
    }

    @Test
    void libraryArtworkIsResizedAndNothingElseIs() throws Exception {
        byte[] jpeg = given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/photo/:/transcode?url=%2Flibrary%2Fmetadata%2F1001%2Fthumb%2F1700000000&width=320&height=320")
                .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
        Probe.Result p = Probe.of(jpeg);
        assertEquals(320, p.width());
        assertEquals(180, p.height());
        // no upscaling unless asked
        byte[] same = given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/photo/:/transcode?url=/library/metadata/1001/thumb/1&width=2000&height=2000").then()
                .statusCode(200).extract().asByteArray();
        assertEquals(640, Probe.of(same).width());
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/photo/:/transcode?url=/etc/passwd&width=100&height=100").then().statusCode(400)
                .body(containsString("url must be a library image"));
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/photo/:/transcode?url=/library/metadata/1001/thumb/1/../../../../etc/passwd&width=100&height=100")
                .then().statusCode(400);
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.USER)
                .get("/photo/:/transcode?url=/library/metadata/1002/thumb/1&width=100&height=100").then()
                .statusCode(404);
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .get("/photo/:/transcode?url=/library/metadata/1001/thumb/1&width=0&height=100").then()
                .statusCode(400);
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
