package io.cinemesh.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.MediaFixtures;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.cinemesh.tokens.CallerKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Content ratings read from the files' tags, edited by the owner, and a managed user's limit applied wherever
 * items are listed or served.
 */
@QuarkusTest
@TestProfile(ContentRatingTest.Rated.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentRatingTest {

    @io.cinemesh.testing.InjectKafkaBroker
    io.cinemesh.testing.KafkaBroker kafka;

    /** A managed user limited to PG-13. */
    static final long KID = 21;
    static String movies;
    static String shows;
    static String kid;

    /** Where the rated films are, inside this run's media root. */
    static Path root;

    /**
     * Its own profile, so its own application and database: the sections it makes never show up in the other
     * classes' lists, and theirs not here.
     */
    public static class Rated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Short, so that a change whose event never comes is seen within the test.
            return Map.of("cinemesh.access.cache-ttl", "2s");
        }
    }

    /** Movies rated by three kinds of tags and one unrated; a show whose episodes carry no rating but one. */
    @BeforeAll
    static void ratedFilms() throws IOException {
        root = Files.createDirectories(MediaLibrary.root.resolve("Rated"));
        Path video = MediaFixtures.videoStub(2);
        Path m = root.resolve("Movies");
        MediaFixtures.remux(video, m.resolve("Kids Film (2001).mkv"), Map.of("LAW_RATING", "G"));
        MediaFixtures.remux(video, m.resolve("Teen Film (2002).mkv"), Map.of("content_rating", "PG-13"));
        MediaFixtures.remux(video, m.resolve("Grown Film (2003).mkv"), Map.of("LAW_RATING", "R"));
        MediaFixtures.remux(video, m.resolve("Plain Film (2004).mkv"), Map.of());
        Path tv = root.resolve("TV");
        MediaFixtures.remux(video, tv.resolve("Late Show/Season 1/Late Show - S01E01.mkv"), Map.of());
        MediaFixtures.remux(video, tv.resolve("Late Show/Season 1/Late Show - S01E02.mkv"),
                Map.of("LAW_RATING", "TV-Y"));
    }

    static RequestSpecification owner() {
        return given().header("X-Plex-Token", LibraryScanAndBrowseTest.OWNER).accept("application/json");
    }

    static RequestSpecification asKid() {
        return given().header("X-Plex-Token", kid).accept("application/json");
    }

    static String key(String section, int type, String title) {
        String key = owner().queryParam("type", type).queryParam("title", title)
                .get("/library/sections/" + section + "/all").jsonPath().getString("MediaContainer.Metadata[0].ratingKey");
        org.junit.jupiter.api.Assertions.assertNotNull(key, "no " + title);
        return key;
    }

    @Test
    @Order(1)
    void ratingsComeFromTheFilesTags() {
        movies = owner().queryParam("name", "Movies").queryParam("type", "movie")
                .queryParam("location", root.resolve("Movies").toString()).post("/library/sections")
                .then().statusCode(200).extract().path("MediaContainer.Directory[0].key");
        shows = owner().queryParam("name", "TV").queryParam("type", "show")
                .queryParam("location", root.resolve("TV").toString()).post("/library/sections")
                .then().statusCode(200).extract().path("MediaContainer.Directory[0].key");
        LibraryScanAndBrowseTest.awaitIdle();
        owner().get("/library/sections/" + movies + "/all").then().statusCode(200)
                .body("MediaContainer.Metadata.find { it.title == 'Kids Film' }.contentRating", equalTo("G"))
                .body("MediaContainer.Metadata.find { it.title == 'Teen Film' }.contentRating", equalTo("PG-13"))
                .body("MediaContainer.Metadata.find { it.title == 'Grown Film' }.contentRating", equalTo("R"))
                .body("MediaContainer.Metadata.find { it.title == 'Plain Film' }.contentRating",
                        equalTo(null));
        // XML clients see the same attribute.
        given().header("X-Plex-Token", LibraryScanAndBrowseTest.OWNER)
                .get("/library/metadata/" + key(movies, 1, "Grown Film")).then()
                .body("MediaContainer.Video.@contentRating", equalTo("R"));
    }

    @Test
    @Order(2)
    void contentRatingIsAFilterOnExactLabels() {
        owner().queryParam("contentRating", "R").get("/library/sections/" + movies + "/all").then()
                .body("MediaContainer.Metadata.title", equalTo(List.of("Grown Film")));
        // PG is not PG-13.
        owner().queryParam("contentRating", "PG").get("/library/sections/" + movies + "/all").then()
                .body("MediaContainer.size", equalTo(0));
        owner().queryParam("contentRating", "g,pg-13").get("/library/sections/" + movies + "/all").then()
                .body("MediaContainer.Metadata.title", containsInAnyOrder("Kids Film", "Teen Film"));
        owner().queryParam("includeMeta", 1).get("/library/sections/" + movies + "/all").then()
                .body("MediaContainer.Meta.Type[0].Field.key", hasItem("contentRating"));
    }

    @Test
    @Order(3)
    void theOwnerSetsAShowsRatingAndItsEpisodesShowIt() {
        String show = key(shows, 2, "Late Show");
        owner().queryParam("type", 2).queryParam("id", show).queryParam("contentRating.value", "TV-MA")
                .put("/library/sections/" + shows + "/all").then().statusCode(200);
        owner().queryParam("type", 4).get("/library/sections/" + shows + "/all").then()
                .body("MediaContainer.Metadata.contentRating", containsInAnyOrder("TV-MA", "TV-Y"));
        owner().queryParam("type", 2).queryParam("id", show).queryParam("contentRating.value", "<b>")
                .put("/library/sections/" + shows + "/all").then().statusCode(400);
        // The edit is locked: a rescan does not take it back.
        owner().get("/library/sections/" + shows + "/refresh?force=1").then().statusCode(200);
        LibraryScanAndBrowseTest.awaitIdle();
        owner().get("/library/metadata/" + show).then()
                .body("MediaContainer.Metadata[0].contentRating", equalTo("TV-MA"));
    }

    @Test
    @Order(4)
    void aManagedUserWithALimitNeverSeesItemsAboveIt() {
        kid = UserServiceStandIn.token(KID, "kid", CallerKind.MANAGED, "tok-kid");
        UserServiceStandIn.ACCESS.put(KID, "{\"userId\":" + KID + ",\"name\":\"kid\",\"kind\":\"MANAGED\","
                + "\"allSections\":true,\"sectionIds\":[],\"contentRatingLimit\":\"PG-13\"}");
        String grown = key(movies, 1, "Grown Film");
        String show = key(shows, 2, "Late Show");
        io.restassured.path.json.JsonPath episodes = owner().queryParam("type", 4)
                .get("/library/sections/" + shows + "/all").jsonPath();
        String pilot = episodes.getString("MediaContainer.Metadata.find { it.index == 1 }.ratingKey");
        String tvY = episodes.getString("MediaContainer.Metadata.find { it.index == 2 }.ratingKey");
        assertEquals("TV-Y", episodes.getString("MediaContainer.Metadata.find { it.index == 2 }.contentRating"));
        owner().get("/library/metadata/" + pilot).then().statusCode(200);

        asKid().get("/library/sections/" + movies + "/all").then().statusCode(200)
                .body("MediaContainer.totalSize", equalTo(3))
                .body("MediaContainer.Metadata.title", containsInAnyOrder("Kids Film", "Teen Film", "Plain Film"));
        asKid().get("/library/all").then().body("MediaContainer.Metadata.title", not(hasItem("Grown Film")));
        asKid().get("/library/metadata/" + grown).then().statusCode(404);
        asKid().get("/library/metadata/" + grown + "/thumb").then().statusCode(404);
        owner().get("/library/metadata/" + grown + "/thumb").then().statusCode(200);
        // The TV-MA show, its season and its unrated episode are gone; its TV-Y episode is not.
        asKid().get("/library/metadata/" + show + "/children").then().statusCode(404);
        asKid().get("/library/metadata/" + pilot).then().statusCode(404);
        asKid().get("/library/metadata/" + tvY).then().statusCode(200);
        asKid().queryParam("type", 2).get("/library/sections/" + shows + "/all").then()
                .body("MediaContainer.size", equalTo(0));
        asKid().queryParam("query", "film").get("/hubs/search").then()
                .body("MediaContainer.Hub[0].Metadata.title", not(hasItem("Grown Film")))
                .body("MediaContainer.Hub[0].size", equalTo(3));
        asKid().get("/library/recentlyAdded").then()
                .body("MediaContainer.Metadata.title", not(hasItem("Grown Film")))
                .body("MediaContainer.Metadata.title", hasItem("Kids Film"));
        // stream-service asks with the viewer's token: the part is as absent as a missing one.
        asKid().get("/internal/items/" + grown + "/parts").then().statusCode(404);
        long part = owner().get("/internal/items/" + grown + "/parts").then().statusCode(200).extract().jsonPath()
                .getLong("[0].partId");
        asKid().get("/internal/parts/" + part).then().statusCode(404);
        owner().get("/internal/parts/" + part).then().statusCode(200);
        // A playlist cannot smuggle it in, and a play queue of the whole section leaves it out.
        String uri = "server://" + PlaylistsPlayQueuesAndEditsTest.MID + "/com.plexapp.plugins.library/library/metadata/" + grown;
        asKid().queryParam("uri", uri).queryParam("type", "video").queryParam("title", "Mine")
                .post("/playlists").then().statusCode(404);
        String sectionUri = "server://" + PlaylistsPlayQueuesAndEditsTest.MID + "/com.plexapp.plugins.library/library/sections/" + movies + "/all?type=1";
        List<String> queued = asKid().queryParam("uri", sectionUri).queryParam("type", "video")
                .post("/playQueues").then().statusCode(200).extract().jsonPath()
                .getList("MediaContainer.Metadata.title");
        assertEquals(3, queued.size(), "queued: " + queued);
        // Scrobbling it is a 404 too: nothing the user cannot see may be touched.
        asKid().urlEncodingEnabled(false).get("/:/scrobble?key=" + grown
                + "&identifier=com.plexapp.plugins.library").then().statusCode(404);
    }

    @Test
    @Order(5)
    void aCollectionsCountAndPictureLeaveOutItemsAboveTheLimit() {
        String grown = key(movies, 1, "Grown Film");
        String plain = key(movies, 1, "Plain Film");
        // Release order puts the R-rated film first: it would be the collection's picture.
        String id = owner().queryParam("type", 1).queryParam("title", "Mixed").queryParam("smart", "0")
                .queryParam("sectionId", movies).queryParam("uri", "server://" + PlaylistsPlayQueuesAndEditsTest.MID
                        + "/com.plexapp.plugins.library/library/metadata/" + grown + "," + plain)
                .post("/library/collections").then().statusCode(200).extract().jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");
        String mixed = "MediaContainer.Metadata.find { it.ratingKey == '" + id + "' }";
        owner().get("/library/sections/" + movies + "/collections").then().statusCode(200)
                .body(mixed + ".childCount", equalTo(2))
                .body(mixed + ".thumb", org.hamcrest.Matchers.startsWith("/library/metadata/" + grown + "/thumb"));
        asKid().get("/library/sections/" + movies + "/collections").then().statusCode(200)
                .body(mixed + ".childCount", equalTo(1))
                .body(mixed + ".thumb", org.hamcrest.Matchers.startsWith("/library/metadata/" + plain + "/thumb"));
        asKid().get("/library/collections/" + id).then().statusCode(200)
                .body("MediaContainer.Metadata[0].childCount", equalTo(1))
                .body("MediaContainer.Metadata[0].thumb", not(org.hamcrest.Matchers.containsString("/" + grown + "/")));
        asKid().get("/library/collections/" + id + "/children").then().statusCode(200)
                .body("MediaContainer.Metadata.title", equalTo(List.of("Plain Film")));
    }

    @Test
    @Order(6)
    void aLoweredLimitAppliesWithinTheCacheExpiryEvenWithoutItsEvent() throws InterruptedException {
        asKid().get("/library/sections/" + movies + "/all").then()
                .body("MediaContainer.Metadata.title", hasItem("Teen Film"));
        // user-service lowers the limit, but its user.events message never arrives (Kafka down, say).
        UserServiceStandIn.ACCESS.put(KID, "{\"userId\":" + KID + ",\"name\":\"kid\",\"kind\":\"MANAGED\","
                + "\"allSections\":true,\"sectionIds\":[],\"contentRatingLimit\":\"G\"}");
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(15);
        List<String> titles = List.of();
        while (java.time.Instant.now().isBefore(deadline)) {
            titles = asKid().get("/library/sections/" + movies + "/all").jsonPath()
                    .getList("MediaContainer.Metadata.title");
            if (!titles.contains("Teen Film")) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(List.of("Kids Film", "Plain Film"), titles.stream().sorted().toList(),
                "the PG-13 film is gone once the cached limit expired (2 s here)");
        asKid().get("/library/metadata/" + key(movies, 1, "Teen Film")).then().statusCode(404);
    }

    @Test
    @Order(7)
    void libraryEventsCarryTheAgeSoNotificationsCanApplyTheLimit() {
        String grown = key(movies, 1, "Grown Film");
        String plain = key(movies, 1, "Plain Film");
        try (io.cinemesh.testing.TopicReader reader = new io.cinemesh.testing.TopicReader(kafka.bootstrapServers(),
                io.cinemesh.events.Topics.LIBRARY)) {
            io.cinemesh.events.CinemeshEvent grownAdded = io.cinemesh.events.CinemeshEvent.fromJson(reader.await(
                    r -> r.key().equals(grown) && r.value().contains("item.added"), java.time.Duration.ofSeconds(20))
                    .get(0).value());
            assertEquals(17L, grownAdded.number("ratingAge"));
            io.cinemesh.events.CinemeshEvent plainAdded = io.cinemesh.events.CinemeshEvent.fromJson(reader.await(
                    r -> r.key().equals(plain) && r.value().contains("item.added"), java.time.Duration.ofSeconds(5))
                    .get(0).value());
            org.junit.jupiter.api.Assertions.assertNull(plainAdded.number("ratingAge"), "unrated: no age");
        }
    }
}
