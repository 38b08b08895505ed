package io.cinemesh.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.library.scan.service.Ffprobe;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.cinemesh.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.xml.XmlPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A real library on disk, scanned with the real ffprobe, browsed as Plex clients browse it. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibraryScanAndBrowseTest {

    static final String OWNER = "test-owner-token";
    static Map<String, String> sections = new java.util.HashMap<>();

    @Inject
    Ffprobe ffprobe;

    @InjectKafkaBroker
    KafkaBroker kafka;

    static io.restassured.specification.RequestSpecification owner() {
        return given().header("X-Plex-Token", OWNER);
    }

    static io.restassured.specification.RequestSpecification json() {
        return owner().accept("application/json");
    }

    /** Plex clients send {@code /:/…} paths as they are; REST Assured would encode the colon. */
    static io.restassured.specification.RequestSpecification raw() {
        return json().urlEncodingEnabled(false);
    }

    @Test
    @Order(1)
    void sectionsAreCreatedThroughThePlexApiAndScanned() {
        String[][] wanted = {{"Movies", "movie", "Movies"}, {"TV Shows", "show", "TV"}, {"Music", "artist", "Music"},
            {"Photos", "photo", "Photos"}};
        for (String[] w : wanted) {
            String key = json().queryParam("name", w[0]).queryParam("type", w[1])
                    .queryParam("location", MediaLibrary.root.resolve(w[2]).toString())
                    .queryParam("agent", "tv.plex.agents.movie").queryParam("language", "en-US")
                    .post("/library/sections").then().statusCode(200)
                    .body("MediaContainer.Directory[0].title", equalTo(w[0]))
                    .body("MediaContainer.Directory[0].type", equalTo(w[1]))
                    .extract().path("MediaContainer.Directory[0].key");
            sections.put(w[1], key);
        }
        // The scan runs in the background and is visible while it runs.
        json().get("/activities").then().statusCode(200).body("MediaContainer.size", not(equalTo(0)));
        awaitIdle();
        owner().get("/library/sections").then().statusCode(200)
                .body("MediaContainer.Directory.size()", equalTo(4))
                .body("MediaContainer.Directory.find { it.@type == 'movie' }.Location.@path",
                        equalTo(MediaLibrary.root.resolve("Movies").toString()))
                .body("MediaContainer.Directory.find { it.@type == 'movie' }.@refreshing", equalTo("0"));
        json().get("/activities").then().body("MediaContainer.size", equalTo(0));
        json().get("/library/sections/" + sections.get("movie") + "/timeline").then().statusCode(200)
                .body("MediaContainer.updateQueueSize", equalTo(0));
    }

    @Test
    @Order(2)
    void badSectionInputIsA400WithAReason() {
        owner().queryParam("type", "movie").queryParam("location", MediaLibrary.root.toString())
                .post("/library/sections").then().statusCode(400)
                .body("Response.@message", containsString("name is required"));
        owner().queryParam("name", "X").queryParam("type", "podcast").queryParam("location", "Movies")
                .post("/library/sections").then().statusCode(400)
                .body("Response.@message", containsString("type must be one of"));
        json().queryParam("name", "X").queryParam("type", "movie").queryParam("location", "/etc")
                .post("/library/sections").then().statusCode(400)
                .body("errors[0].message", containsString("outside the media root"));
        json().queryParam("name", "X").queryParam("type", "movie").queryParam("location", "../"
                        + MediaLibrary.root.getFileName() + "-outside")
                .post("/library/sections").then().statusCode(400)
                .body("errors[0].message", containsString("outside the media root"));
        owner().get("/library/sections").then().body("MediaContainer.Directory.size()", equalTo(4));
    }

    @Test
    @Order(2)
    void aFolderThatLinksOutOfTheMediaRootIsNoSectionLocation() throws Exception {
        Path outside = Files.createTempDirectory("not-media");
        Path link = MediaLibrary.root.resolve("Linked Out");
        Files.createSymbolicLink(link, outside);
        try {
            json().queryParam("name", "X").queryParam("type", "movie").queryParam("location", "Linked Out")
                    .post("/library/sections").then().statusCode(400)
                    .body("errors[0].message", containsString("outside the media root"));
        } finally {
            Files.delete(link);
        }
        owner().get("/library/sections").then().body("MediaContainer.Directory.size()", equalTo(4));
    }

    @Test
    @Order(3)
    void moviesBrowseInXmlAndJsonWithTitlesFromNamesAndTags() {
        String movies = sections.get("movie");
        XmlPath xml = owner().get("/library/sections/" + movies + "/all").then().statusCode(200)
                .header("Content-Type", containsString("text/xml")).extract().xmlPath();
        assertEquals(List.of("Amélie", "Coup de Grâce", "The Matrix"),
                xml.getList("MediaContainer.Video.@title"), "sorted by titleSort, broken file skipped");
        assertEquals("movie", xml.getString("MediaContainer.Video[0].@type"));
        assertEquals("2001", xml.getString("MediaContainer.Video[0].@year"));
        assertEquals("3", xml.getString("MediaContainer.@totalSize"));
        String part = xml.getString("MediaContainer.Video[0].Media.Part.@key");
        assertTrue(part.matches("/library/parts/\\d+/\\d+/file\\.mp4"), part);
        assertTrue(xml.getString("MediaContainer.Video[0].Guid.@id") == null
                || xml.getString("MediaContainer.Video[0].Guid.@id").isEmpty(), "no Guid unless asked for");

        Response r = json().get("/library/sections/" + movies + "/all");
        r.then().statusCode(200).header("Content-Type", equalTo("application/json"));
        JsonPath j = r.jsonPath();
        assertEquals("Amélie", j.getString("MediaContainer.Metadata[0].title"));
        assertTrue(j.get("MediaContainer.Metadata[0].ratingKey") instanceof String, "ratingKey is a string");
        assertTrue(j.get("MediaContainer.Metadata[0].year") instanceof Integer, "year is a number");
        assertTrue(j.get("MediaContainer.Metadata[0].viewCount") == null, "viewCount omitted when 0");
        assertTrue(j.get("MediaContainer.Metadata[0].Guid") == null);
        assertTrue(j.get("MediaContainer.Metadata[0].Media[0].optimizedForStreaming") instanceof Boolean);
        json().queryParam("includeGuids", 1).get("/library/sections/" + movies + "/all").then()
                .body("MediaContainer.Metadata[0].Guid[0].id", containsString("cinemesh://movie/"));
        // The movie whose folder has a poster.jpg, and every movie with a frame, serve JPEG artwork.
        String thumb = xml.getString("MediaContainer.Video.find { it.@title == 'The Matrix' }.@thumb");
        byte[] jpeg = owner().get(thumb).then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
        assertTrue(jpeg.length > 500 && (jpeg[0] & 0xff) == 0xff && (jpeg[1] & 0xff) == 0xd8, "a JPEG");
        owner().get(xml.getString("MediaContainer.Video[0].@art")).then().statusCode(200).contentType("image/jpeg");
    }

    @Test
    @Order(4)
    void pagingWorksAsHeadersAndAsQueryAndSizeZeroCounts() {
        String all = "/library/sections/" + sections.get("movie") + "/all";
        owner().header("X-Plex-Container-Start", "1").header("X-Plex-Container-Size", "1").get(all).then()
                .header("X-Plex-Container-Total-Size", "3").header("X-Plex-Container-Start", "1")
                .body("MediaContainer.@size", equalTo("1")).body("MediaContainer.@offset", equalTo("1"))
                .body("MediaContainer.Video[0].@title", equalTo("Coup de Grâce"));
        json().queryParam("X-Plex-Container-Start", 2).queryParam("X-Plex-Container-Size", 5).get(all).then()
                .body("MediaContainer.size", equalTo(1)).body("MediaContainer.totalSize", equalTo(3))
                .body("MediaContainer.Metadata[0].title", equalTo("The Matrix"));
        json().queryParam("X-Plex-Container-Size", 0).queryParam("includeMeta", 1).queryParam("includeAdvanced", 1)
                .get(all).then().body("MediaContainer.size", equalTo(0)).body("MediaContainer.totalSize", equalTo(3))
                .body("MediaContainer.Metadata", nullValue())
                .body("MediaContainer.Meta.Type[0].type", equalTo("movie"))
                .body("MediaContainer.Meta.Type[0].Field.key", hasItems("title", "year", "movie.unwatched"))
                .body("MediaContainer.Meta.FieldType.type", hasItems("string", "integer", "date", "boolean", "tag"));
        json().queryParam("limit", 2).get(all).then().body("MediaContainer.totalSize", equalTo(2))
                .body("MediaContainer.Metadata.size()", equalTo(2));
        owner().queryParam("X-Plex-Container-Start", "x").get(all).then().statusCode(400);
    }

    @Test
    @Order(5)
    void filtersAndSortsSpeakTheMediaQueryLanguage() {
        String movies = "/library/sections/" + sections.get("movie") + "/all";
        assertEquals(List.of("The Matrix", "Coup de Grâce", "Amélie"), json().queryParam("sort", "movie.titleSort:desc")
                .get(movies).jsonPath().getList("MediaContainer.Metadata.title"));
        assertEquals(List.of("Coup de Grâce", "Amélie"), json().queryParam("sort", "year:desc")
                .get(movies + "?year>>=2000").jsonPath().getList("MediaContainer.Metadata.title"));
        assertEquals(List.of("Amélie"), json().queryParam("title", "AMÉ").get(movies).jsonPath()
                .getList("MediaContainer.Metadata.title"), "case-insensitive, accents kept");
        json().queryParam("title", "ame").get(movies).then().body("MediaContainer.totalSize", equalTo(0));
        assertEquals(List.of("The Matrix"), json().get(movies + "?year=1999,1998").jsonPath()
                .getList("MediaContainer.Metadata.title"));
        json().queryParam("year", "abc").get(movies).then().statusCode(400)
                .body("errors[0].message", containsString("year must be a whole number"));
        json().queryParam("sort", "bogus").get(movies).then().statusCode(400);

        String tv = "/library/sections/" + sections.get("show") + "/all";
        json().get(tv).then().body("MediaContainer.Metadata.title", equalTo(List.of("Show One")))
                .body("MediaContainer.Metadata[0].leafCount", equalTo(4))
                .body("MediaContainer.Metadata[0].childCount", equalTo(2));
        List<String> episodes = json().queryParam("type", 4).queryParam("show.title", "Show One").get(tv).jsonPath()
                .getList("MediaContainer.Metadata.title");
        assertEquals(List.of("Pilot", "Episode 2", "Episode 1", "Finale"), episodes,
                "both naming forms, in season/episode order");
        json().queryParam("type", 3).get(tv).then().body("MediaContainer.Metadata.title",
                equalTo(List.of("Season 1", "Season 2"))).body("MediaContainer.Metadata[0].parentTitle",
                equalTo("Show One"));

        String music = "/library/sections/" + sections.get("artist") + "/all";
        JsonPath artists = json().get(music).jsonPath();
        assertEquals(List.of("Björk", "Sigur Rós"), artists.getList("MediaContainer.Metadata.title"));
        String bjork = artists.getString("MediaContainer.Metadata[0].ratingKey");
        json().queryParam("type", 9).queryParam("artist.id", bjork).get(music).then()
                .body("MediaContainer.Metadata.title", equalTo(List.of("Homogénic")))
                .body("MediaContainer.Metadata[0].Genre[0].tag", equalTo("Électronique"))
                .body("MediaContainer.Metadata[0].year", equalTo(1997));
        json().queryParam("type", 9).get(music).then().body("MediaContainer.Metadata.title",
                equalTo(List.of("Ágætis byrjun", "Homogénic")));
        json().queryParam("type", 10).queryParam("sort", "index").queryParam("album.title", "Homogénic").get(music)
                .then().body("MediaContainer.Metadata.title", equalTo(List.of("Jóga", "Bachelorette")))
                .body("MediaContainer.Metadata[0].grandparentTitle", equalTo("Björk"));
        json().get("/library/sections/" + sections.get("photo") + "/all").then()
                .body("MediaContainer.Metadata.title", equalTo(List.of("Trip")))
                .body("MediaContainer.Metadata[0].type", equalTo("photo"));
        owner().get("/library/sections/" + sections.get("photo") + "/all").then()
                .body("MediaContainer.Directory[0].@type", equalTo("photo"));
    }

    /** python-plexapi's {@code search(filters={'or': [...]})} sends push=1 … or=1 … pop=1 (and=1 for 'and'). */
    @Test
    @Order(5)
    void mediaQueriesGroupFiltersWithPushPopAndOr() {
        String movies = "/library/sections/" + sections.get("movie") + "/all";
        assertEquals(List.of("Amélie", "The Matrix"), titles(movies + "?push=1&year=1999&or=1&year=2001&pop=1"));
        assertEquals(List.of("The Matrix"), titles(movies + "?push=1&year=1999&or=1&title=coup&pop=1&year%3C%3C=2005"),
                "(1999 OR coup) AND before 2005");
        assertEquals(List.of("Coup de Grâce", "The Matrix"), titles(movies + "?year=1999&or=1&title=coup"),
                "or=1 without parentheses");
        assertEquals(List.of("Amélie", "The Matrix"), titles(movies + "?year=2001&or=1&title=matrix&year=1999"),
                "AND binds tighter than OR: 2001 OR (matrix AND 1999)");
        assertEquals(List.of("Amélie"), titles(movies + "?year=2001&or=1&title=matrix&year=1998"),
                "2001 OR (matrix AND 1998): the Matrix is from 1999");
        assertEquals(List.of("Amélie", "Coup de Grâce"),
                titles(movies + "?push=1&push=1&year=2001&pop=1&or=1&push=1&year=2010&and=1&title=gr%C3%A2ce&pop=1"
                        + "&pop=1"), "nested groups");
        assertEquals(List.of("Amélie"), titles(movies + "?push=1&title=a&and=1&year=2001&pop=1"));
        JsonPath page = exactly(movies + "?push=1&year=1999&or=1&year=2001&pop=1&X-Plex-Container-Size=1", 200);
        assertEquals(2, page.getInt("MediaContainer.totalSize"));
        assertEquals(1, page.getInt("MediaContainer.size"));

        Map<String, String> malformed = Map.of(
                "pop=1&year=1999", "pop=1 without a push=1",
                "push=1&year=1999", "push=1 without a pop=1",
                "or=1&year=1999", "or=1 must come between two filters",
                "year=1999&or=1", "or=1 must be followed by a filter",
                "push=1&year=1999&or=1&pop=1", "or=1 must be followed by a filter",
                "year=1999&or=1&or=1&year=2001", "or=1 must come between two filters",
                "push=1&pop=1&year=1999", "holds no filter",
                "year=1999&or=yes&year=2001", "or must be 1",
                "push=1&".repeat(20) + "year=1999" + "&pop=1".repeat(20), "deeper than");
        malformed.forEach((query, message) -> assertTrue(exactly(movies + "?" + query, 400)
                .getString("errors[0].message").contains(message), query + " → " + message));
        owner().get(movies + "?pop=1").then().statusCode(400)
                .body("Response.@message", containsString("pop=1 without a push=1"));
    }

    /**
     * Fields of the levels above and below the listed one, the section directories clients follow, @ctrl/plex's
     * way of asking, and a clear 400 for what this server cannot filter on (before, ignored: the whole list).
     */
    @Test
    @Order(5)
    void crossTypeFieldsDirectoriesAndClientFormsAnswerWhatWasAsked() {
        String music = "/library/sections/" + sections.get("artist");
        String tv = "/library/sections/" + sections.get("show");
        String movies = "/library/sections/" + sections.get("movie");
        assertEquals(List.of("Björk"), titles(music + "/all?type=8&album.year=1997"), "artists by an album's year");
        assertEquals(List.of("Homogénic"), titles(music + "/all?type=9&track.title=J%C3%B3ga"), "albums by a track");
        assertEquals(List.of("Sigur Rós"), titles(music + "/all?type=8&track.title!=j%C3%B3ga&album.year!=1997"));
        assertEquals(List.of("Show One"), titles(tv + "/all?type=2&episode.title==Finale"), "shows by an episode");
        assertEquals(List.of("Season 2"), titles(tv + "/all?type=3&episode.title=finale"), "seasons by an episode");
        assertEquals(List.of("Season 1", "Season 2"), titles(tv + "/all?type=3&show.title=Show%20One"));
        assertEquals(List.of("Homogénic"), titles(music + "/all?type=9&decade=1990"));
        assertEquals(List.of("Björk"), titles(music + "/all?firstCharacter=B"));
        assertEquals(List.of("Ágætis byrjun", "Homogénic"), titles(music + "/albums"), "a music section's albums");
        exactly(movies + "/albums", 404);

        // @ctrl/plex: Artist.albums() and Artist.album(title) pass their arguments through as they are.
        String bjork = exactly(music + "/all?title==Bj%C3%B6rk", 200).getString("MediaContainer.Metadata[0].ratingKey");
        String filters = java.net.URLEncoder.encode("{\"artist.id\":\"" + bjork + "\"}", StandardCharsets.UTF_8);
        assertEquals(List.of("Homogénic"), titles(music + "/all?libtype=album&filters=" + filters + "&type=9"));
        assertEquals(0, exactly(music + "/all?libtype=album&title__iexact=Nope&filters=" + filters + "&type=9", 200)
                .getInt("MediaContainer.totalSize"));
        assertEquals(List.of("Homogénic"), titles(music + "/all?libtype=album&title__iexact=homog%C3%A9nic&filters="
                + filters + "&type=9"));

        JsonPath letters = exactly(music + "/firstCharacter", 200);
        assertEquals(List.of("B", "S"), letters.getList("MediaContainer.Directory.title"));
        assertEquals(List.of(1, 1), letters.getList("MediaContainer.Directory.size"));
        assertEquals(List.of("1990"), exactly(music + "/decade?type=9", 200).getList("MediaContainer.Directory.key"));
        assertTrue(exactly(music + "/sorts", 200).getList("MediaContainer.Directory.key").contains("titleSort"));
        assertTrue(exactly(music + "/filters?type=9", 200).getList("MediaContainer.Directory.filter")
                .contains("genre"));

        for (String[] bad : new String[][] {{movies + "/all?show.title=x", "does not apply to movies"},
            {music + "/all?type=9&artist.nope=1", "'artist.nope' is not a field"},
            {music + "/all?type=9&nope.title=1", "'nope' in 'nope.title' is not a library item type"},
            {movies + "/all?studio=Ghibli", "'studio' is not a field"},
            {movies + "/all?nope%3E%3E=1", "'nope' is not a field"}}) {
            assertTrue(exactly(bad[0], 400).getString("errors[0].message").contains(bad[1]), bad[0]);
        }
        assertEquals(3, exactly(movies + "/all?someClientFlag=1", 200).getInt("MediaContainer.size"),
                "a parameter that is not a filter is left alone, as PMS does");

        String homogenic = exactly(music + "/albums?title==homog%C3%A9nic", 200)
                .getString("MediaContainer.Metadata[0].ratingKey");
        assertEquals(0, exactly("/library/metadata/" + homogenic + "/similar", 200).getInt("MediaContainer.size"),
                "no other album shares its genre");
        assertEquals(0, exactly("/library/metadata/" + homogenic + "/extras", 200).getInt("MediaContainer.size"));
        exactly("/library/metadata/99999999/similar", 404);
        exactly("/library/metadata/99999999/extras", 404);
    }

    static List<String> titles(String pathAndQuery) {
        return exactly(pathAndQuery, 200).getList("MediaContainer.Metadata.title");
    }

    /**
     * A JSON GET with the query string sent as written: REST Assured folds repeated keys ({@code year=1999&…
     * &year=2001}) into one, which Media Queries rely on and Plex clients send.
     */
    static JsonPath exactly(String pathAndQuery, int status) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + pathAndQuery))
                    .header("X-Plex-Token", OWNER).header("Accept", "application/json").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(status, response.statusCode(), pathAndQuery + ": " + response.body());
            return new JsonPath(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(6)
    void itemsChildrenAndLeavesCarryFfprobeFacts() {
        String tv = "/library/sections/" + sections.get("show") + "/all";
        String show = json().get(tv).jsonPath().getString("MediaContainer.Metadata[0].ratingKey");
        XmlPath seasons = owner().queryParam("excludeAllLeaves", 1).get("/library/metadata/" + show + "/children")
                .then().statusCode(200).extract().xmlPath();
        assertEquals(List.of("1", "2"), seasons.getList("MediaContainer.Directory.@index"));
        assertEquals("season", seasons.getString("MediaContainer.Directory[0].@type"));
        owner().queryParam("index", 2).get("/library/metadata/" + show + "/children").then()
                .body("MediaContainer.Directory.@title", equalTo("Season 2"));
        XmlPath leaves = owner().get("/library/metadata/" + show + "/allLeaves").then().statusCode(200)
                .extract().xmlPath();
        assertEquals(4, leaves.getList("MediaContainer.Video").size());
        String episode = leaves.getString("MediaContainer.Video[0].@ratingKey");
        XmlPath item = owner().get("/library/metadata/" + episode).then().statusCode(200).extract().xmlPath();
        assertEquals("episode", item.getString("MediaContainer.Video.@type"));
        assertEquals("1", item.getString("MediaContainer.Video.@index"));
        assertEquals("1", item.getString("MediaContainer.Video.@parentIndex"));
        assertEquals("Show One", item.getString("MediaContainer.Video.@grandparentTitle"));
        assertEquals("h264", item.getString("MediaContainer.Video.Media.Part.Stream.find { it.@streamType == '1' }.@codec"));
        assertEquals("1920", item.getString("MediaContainer.Video.Media.Part.Stream.find { it.@streamType == '1' }.@width"));
        assertEquals("1080", item.getString("MediaContainer.Video.Media.Part.Stream.find { it.@streamType == '1' }.@height"));
        assertEquals("30.0", item.getString("MediaContainer.Video.Media.Part.Stream.find { it.@streamType == '1' }.@frameRate"));
        assertEquals("8", item.getString("MediaContainer.Video.Media.Part.Stream.find { it.@streamType == '1' }.@bitDepth"));
        assertEquals("aac", item.getString("MediaContainer.Video.Media.@audioCodec"));
        assertEquals("1080", item.getString("MediaContainer.Video.Media.@videoResolution"));
        // Comma lists, and unknown keys are 404 (python-plexapi's NotFound).
        json().get("/library/metadata/" + show + "," + episode).then().body("MediaContainer.Metadata.size()",
                equalTo(2));
        owner().get("/library/metadata/987654").then().statusCode(404);
        json().get("/library/metadata/987654/children").then().statusCode(404);
        owner().get("/library/metadata/nope").then().statusCode(404);
    }

    @Test
    @Order(7)
    void searchHasOneHubPerTypeExactMatchesFirst() {
        JsonPath hubs = json().queryParam("query", "grâce").get("/hubs/search").jsonPath();
        assertEquals(List.of("movie"), hubs.getList("MediaContainer.Hub.type"));
        assertEquals("Coup de Grâce", hubs.getString("MediaContainer.Hub[0].Metadata[0].title"));
        hubs = json().queryParam("query", "BJÖRK").get("/hubs/search").jsonPath();
        assertEquals(List.of("artist"), hubs.getList("MediaContainer.Hub.type"));
        hubs = json().queryParam("query", "e").get("/hubs/search").jsonPath();
        assertTrue(hubs.getList("MediaContainer.Hub.type").containsAll(List.of("movie", "show", "season",
                "episode", "track")), hubs.prettify());
        assertEquals(List.of("album"), json().queryParam("query", "homogé").get("/hubs/search").jsonPath()
                .getList("MediaContainer.Hub.type"));
        owner().queryParam("query", "Season 1").get("/hubs/search").then()
                .body("MediaContainer.Hub.find { it.@type == 'season' }.Directory[0].@title", equalTo("Season 1"));
        String movies = "/library/sections/" + sections.get("movie") + "/all";
        json().queryParam("title", "the matrix").queryParam("limit", 1).get(movies).then()
                .body("MediaContainer.Metadata[0].title", equalTo("The Matrix"));
    }

    @Test
    @Order(8)
    void watchStateFollowsScrobbleUnscrobbleAndProgress() {
        String tv = "/library/sections/" + sections.get("show") + "/all";
        String show = json().get(tv).jsonPath().getString("MediaContainer.Metadata[0].ratingKey");
        raw().queryParam("key", show).queryParam("identifier", "com.plexapp.plugins.library").get("/:/scrobble")
                .then().log().ifValidationFails().statusCode(200);
        json().get("/library/metadata/" + show).then().body("MediaContainer.Metadata[0].viewedLeafCount",
                equalTo(4));
        json().queryParam("type", 4).queryParam("unwatched", 1).get(tv).then()
                .body("MediaContainer.totalSize", equalTo(0));
        raw().queryParam("key", show).put("/:/unscrobble").then().statusCode(200);
        json().get("/library/metadata/" + show).then().body("MediaContainer.Metadata[0].viewedLeafCount",
                equalTo(0));

        String movies = "/library/sections/" + sections.get("movie") + "/all";
        String matrix = json().queryParam("title", "matrix").get(movies).jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");
        raw().queryParam("key", matrix).queryParam("time", 700).queryParam("state", "stopped").post("/:/progress")
                .then().statusCode(200);
        json().get("/library/metadata/" + matrix).then().body("MediaContainer.Metadata[0].viewOffset", equalTo(700))
                .body("MediaContainer.Metadata[0].viewCount", nullValue());
        json().get("/library/onDeck").then().body("MediaContainer.Metadata.ratingKey", hasItem(matrix));
        json().get("/hubs/continueWatching/items").then().body("MediaContainer.Metadata.ratingKey", hasItem(matrix));
        raw().queryParam("key", matrix).put("/:/scrobble").then().statusCode(200);
        json().get("/library/metadata/" + matrix).then().body("MediaContainer.Metadata[0].viewCount", equalTo(1))
                .body("MediaContainer.Metadata[0].viewOffset", nullValue());
        raw().queryParam("key", matrix).queryParam("rating", 8).put("/:/rate").then().statusCode(200);
        json().get("/library/metadata/" + matrix).then().body("MediaContainer.Metadata[0].userRating",
                equalTo(8.0f));
        json().get(movies + "?movie.unwatched=1").then().body("MediaContainer.Metadata.title",
                not(hasItem("The Matrix")));
        raw().queryParam("key", "987654").get("/:/scrobble").then().statusCode(404);
        raw().queryParam("key", matrix).queryParam("rating", 11).put("/:/rate").then().statusCode(400);
    }

    /**
     * The Media Query table: every field of each type that {@code includeMeta=1} advertises, with every operator of
     * its field type and values the library holds (and one it does not), answers exactly the items that the same
     * filter keeps when a client applies it to the unfiltered list ({@link MediaQueryOracle}). Runs after the watch
     * tests, so plays, offsets and ratings are there to filter on.
     */
    @Test
    @Order(9)
    void everyAdvertisedFieldAndOperatorSelectsWhatItSays() {
        int asked = 0;
        for (String section : List.of("movie", "show", "artist", "photo")) {
            String all = "/library/sections/" + sections.get(section) + "/all";
            JsonPath meta = exactly(all + "?includeMeta=1&X-Plex-Container-Size=0", 200);
            Map<String, List<String>> operators = new java.util.HashMap<>();
            for (Map<String, Object> ft : meta.<Map<String, Object>>getList("MediaContainer.Meta.FieldType")) {
                operators.put((String) ft.get("type"), ((List<Map<String, Object>>) ft.get("Operator")).stream()
                        .map(o -> (String) o.get("key")).toList());
            }
            List<Map<String, Object>> types = meta.getList("MediaContainer.Meta.Type");
            List<Object> levels = types.stream().map(t -> t.get("type")).toList();
            Map<String, List<Map<String, Object>>> lists = new java.util.HashMap<>();
            for (Map<String, Object> type : types) {
                String typeKey = (String) type.get("key");
                String typeParam = typeKey.substring(typeKey.indexOf("type=") + 5);
                List<Map<String, Object>> items = exactly(all + "?type=" + typeParam, 200)
                        .getList("MediaContainer.Metadata");
                items = items == null ? List.of() : items;
                for (Map<String, Object> field : (List<Map<String, Object>>) type.get("Field")) {
                    String key = (String) field.get("key");
                    String name = key.substring(key.indexOf('.') + 1);
                    Object scope = key.contains(".") ? key.substring(0, key.indexOf('.')) : type.get("type");
                    // Levels above: what an item says of its parent and grandparent; below: that level's own list.
                    int distance = levels.indexOf(type.get("type")) - levels.indexOf(scope);
                    var read = distance <= 0 ? MediaQueryOracle.VALUES.get(name)
                            : MediaQueryOracle.above(distance, name);
                    if (read == null) {
                        continue;
                    }
                    List<Map<String, Object>> candidates = items;
                    java.util.function.Function<Map<String, Object>, List<Map<String, Object>>> relatives = List::of;
                    if (distance < 0) {
                        String below = (String) types.get(levels.indexOf(scope)).get("key");
                        candidates = lists.computeIfAbsent(below, k -> {
                            List<Map<String, Object>> l = exactly(k, 200).getList("MediaContainer.Metadata");
                            return l == null ? List.of() : l;
                        });
                        relatives = MediaQueryOracle.below(distance, candidates);
                    }
                    String kind = (String) field.get("type");
                    for (String op : operators.get(kind)) {
                        for (String value : MediaQueryOracle.values(candidates, read, name, kind)) {
                            // The operator lives in the key, but for == and !== whose second '=' leads the value.
                            boolean exact = op.endsWith("==");
                            String suffix = op.substring(0, op.length() - (exact ? 2 : 1));
                            String sent = key + suffix + "=" + (exact ? "=" : "") + value;
                            String query = all + "?type=" + typeParam + "&"
                                    + java.net.URLEncoder.encode(key + suffix, StandardCharsets.UTF_8) + "="
                                    + java.net.URLEncoder.encode((exact ? "=" : "") + value, StandardCharsets.UTF_8);
                            List<String> got = exactly(query, 200).getList("MediaContainer.Metadata.ratingKey");
                            assertEquals(MediaQueryOracle.keep(items, relatives, read, name, kind, op, value),
                                    new java.util.LinkedHashSet<>(got == null ? List.<String>of() : got),
                                    section + " type " + typeParam + ": " + sent);
                            asked++;
                        }
                    }
                }
            }
        }
        assertTrue(asked > 300, "the table covers the vocabulary: " + asked + " queries");
    }

    @Test
    @Order(9)
    void streamServiceGetsPartsWithRelativePaths() {
        String movies = "/library/sections/" + sections.get("movie") + "/all";
        JsonPath m = json().queryParam("title", "Amélie").get(movies).jsonPath();
        String rk = m.getString("MediaContainer.Metadata[0].ratingKey");
        int partId = m.getInt("MediaContainer.Metadata[0].Media[0].Part[0].id");
        JsonPath part = owner().get("/internal/parts/" + partId).then().statusCode(200)
                .header("Content-Type", containsString("application/json")).extract().jsonPath();
        assertEquals("Movies/Amélie (2001).mp4", part.getString("file"));
        assertEquals(rk, part.getString("ratingKey"));
        assertEquals("h264", part.getString("videoCodec"));
        assertEquals(1920, part.getInt("width"));
        assertEquals("mp4", part.getString("container"));
        assertTrue(part.getList("streams.streamType").containsAll(List.of(1, 2)));
        owner().get("/internal/items/" + rk + "/parts").then().statusCode(200)
                .body("[0].partId", equalTo(partId));
        owner().get("/internal/parts/987654").then().statusCode(404);
        owner().get("/internal/items/987654/parts").then().statusCode(404);
        // a stream id (as clients select and download subtitles by it) leads back to its part
        long audioStream = part.getLong("streams.find { it.streamType == 2 }.id");
        owner().get("/internal/streams/" + audioStream).then().statusCode(200).body("partId", equalTo(partId));
        owner().get("/internal/streams/987654").then().statusCode(404);
    }

    @Test
    @Order(10)
    void aRescanOfAnUnchangedLibraryProbesNothingAndVanishedFilesDisappear() throws Exception {
        long before = ffprobe.runs();
        for (String id : sections.values()) {
            owner().get("/library/sections/" + id + "/refresh").then().statusCode(200);
        }
        awaitIdle();
        assertEquals(before, ffprobe.runs(), "nothing changed, nothing probed (broken file included)");

        String movies = "/library/sections/" + sections.get("movie") + "/all";
        String amelie = json().queryParam("title", "Amélie").get(movies).jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");
        Files.delete(MediaLibrary.root.resolve("Movies/Amélie (2001).mp4"));
        owner().get("/library/sections/" + sections.get("movie") + "/refresh").then().statusCode(200);
        awaitIdle();
        assertEquals(before, ffprobe.runs());
        owner().get("/library/metadata/" + amelie).then().statusCode(404);
        json().get(movies).then().body("MediaContainer.totalSize", equalTo(2));

        try (TopicReader events = new TopicReader(kafka.bootstrapServers(), Topics.LIBRARY)) {
            var removed = events.await(r -> CinemeshEvent.fromJson(r.value()).type().equals("item.removed")
                    && r.key().equals(amelie), Duration.ofSeconds(30));
            assertFalse(removed.isEmpty(), "item.removed reached library.events");
            assertEquals("Amélie", CinemeshEvent.fromJson(removed.get(0).value()).text("title"));
            assertEquals(1L, CinemeshEvent.fromJson(removed.get(0).value()).number("typeNumber"), "a movie");
            // The gateway pairs a scan's start and finish as one Plex activity by this uuid.
            CinemeshEvent finished = CinemeshEvent.fromJson(events.await(r -> r.value().contains("scan.finished"),
                    Duration.ofSeconds(10)).get(0).value());
            assertNotNull(finished.text("activityUuid"));
            assertFalse(events.await(r -> r.value().contains("scan.started") && r.value().contains(
                    finished.text("activityUuid")), Duration.ofSeconds(10)).isEmpty());
            assertFalse(events.await(r -> r.value().contains("item.added"), Duration.ofSeconds(10)).isEmpty());
        }
    }

    @Test
    @Order(11)
    void crossSectionListsSeeEverything() {
        json().get("/library/recentlyAdded").then().statusCode(200)
                .body("MediaContainer.Metadata.type", hasItems("movie", "episode", "album"));
        json().queryParam("type", 1).get("/library/all").then().body("MediaContainer.totalSize", equalTo(2));
        json().get("/library/sections/" + sections.get("movie")).then().statusCode(200)
                .body("MediaContainer.Directory.key", hasItem("all"));
        json().get("/library/sections/999").then().statusCode(404);
    }

    @Test
    @Order(12)
    void playbackEventsFeedWatchStateOncePerEventId() throws Exception {
        String movies = "/library/sections/" + sections.get("movie") + "/all";
        String grace = json().queryParam("title", "Coup de Grâce").get(movies).jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        p.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        CinemeshEvent progress = CinemeshEvent.of("playback.progress", "stream-service", "s1", Map.of("sessionId",
                "s1", "userId", 1, "ratingKey", grace, "viewOffsetMs", 1200, "durationMs", 2000,
                "clientIdentifier", "c1"));
        CinemeshEvent watched = CinemeshEvent.of("playback.watched", "stream-service", "s1", Map.of("sessionId",
                "s1", "userId", 1, "ratingKey", grace, "viewOffsetMs", 2000, "durationMs", 2000,
                "clientIdentifier", "c1"));
        // stream-service stops a watched play after playback.watched, at the offset where the credits ended.
        CinemeshEvent stopped = CinemeshEvent.of("playback.stopped", "stream-service", "s1", Map.of("sessionId",
                "s1", "userId", 1, "ratingKey", grace, "viewOffsetMs", 1950, "durationMs", 2000,
                "clientIdentifier", "c1", "watched", true));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.PLAYBACK, "s1",
                    progress.toJson())).get();
            awaitJson("/library/metadata/" + grace, "MediaContainer.Metadata[0].viewOffset", 1200);
            // The same watched event twice (at-least-once delivery) counts one play.
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.PLAYBACK, "s1",
                    watched.toJson())).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.PLAYBACK, "s1",
                    watched.toJson())).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.PLAYBACK, "s1",
                    stopped.toJson())).get();
        }
        awaitJson("/library/metadata/" + grace, "MediaContainer.Metadata[0].viewCount", 1);
        Thread.sleep(1000);
        json().get("/library/metadata/" + grace).then().body("MediaContainer.Metadata[0].viewCount", equalTo(1))
                .body("MediaContainer.Metadata[0].viewOffset", nullValue());
    }

    @Test
    @Order(13)
    void aSharedUserSeesOnlyTheSectionsSharedWithThem() {
        String friend = UserServiceStandIn.token(7, "friend", io.cinemesh.tokens.CallerKind.USER, "tok-7");
        UserServiceStandIn.ACCESS.put(7L, "{\"userId\":7,\"name\":\"friend\",\"kind\":\"USER\","
                + "\"allSections\":false,\"sectionIds\":[" + sections.get("movie") + "],\"contentRatingLimit\":null}");
        int callsBefore = UserServiceStandIn.CALLS.get();
        given().header("X-Plex-Token", friend).accept("application/json").get("/library/sections").then()
                .statusCode(200).body("MediaContainer.Directory.type", equalTo(List.of("movie")));
        given().header("X-Plex-Token", friend).accept("application/json")
                .get("/library/sections/" + sections.get("show") + "/all").then().statusCode(404);
        String episode = json().queryParam("type", 4).get("/library/sections/" + sections.get("show") + "/all")
                .jsonPath().getString("MediaContainer.Metadata[0].ratingKey");
        given().header("X-Plex-Token", friend).get("/library/metadata/" + episode).then().statusCode(404);
        given().header("X-Plex-Token", friend).accept("application/json").queryParam("query", "show")
                .get("/hubs/search").then().body("MediaContainer.size", equalTo(0));
        assertEquals(callsBefore + 1, UserServiceStandIn.CALLS.get(), "access is cached per user");
        // Watch state is per user: the owner's play of The Matrix is not the friend's.
        given().header("X-Plex-Token", friend).accept("application/json")
                .get("/library/sections/" + sections.get("movie") + "/all").then()
                .body("MediaContainer.Metadata.viewCount", equalTo(java.util.Arrays.asList(null, null)));
        given().header("X-Plex-Token", friend).queryParam("name", "Mine").queryParam("type", "movie")
                .queryParam("location", "Movies").post("/library/sections").then().statusCode(403);
    }

    static void awaitJson(String path, String field, Object expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        Object last = null;
        while (Instant.now().isBefore(deadline)) {
            last = json().get(path).jsonPath().get(field);
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(field + " of " + path + " never became " + expected + " (last: " + last + ")");
    }

    static void awaitIdle() {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            List<Boolean> refreshing = json().get("/library/sections").jsonPath()
                    .getList("MediaContainer.Directory.refreshing");
            if (!refreshing.contains(true)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("scans did not finish in 120 s");
    }
}
