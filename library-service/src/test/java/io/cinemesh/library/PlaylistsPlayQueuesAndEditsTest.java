package io.cinemesh.library;

import static io.cinemesh.library.LibraryScanAndBrowseTest.awaitIdle;
import static io.cinemesh.library.LibraryScanAndBrowseTest.json;
import static io.cinemesh.library.LibraryScanAndBrowseTest.owner;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.TopicReader;
import java.time.Duration;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Playlists, play queues and field edits against the library LibraryScanAndBrowseTest scanned (or scans here). */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaylistsPlayQueuesAndEditsTest {

    @jakarta.inject.Inject
    io.cinemesh.library.scan.service.Ffprobe ffprobe;

    @InjectKafkaBroker
    KafkaBroker kafka;

    static final String MID = "0123456789abcdef0123456789abcdef01234567";
    static Map<String, String> sections = new HashMap<>();

    @BeforeEach
    void library() {
        if (!sections.isEmpty()) {
            return;
        }
        List<Map<String, Object>> dirs = json().get("/library/sections").jsonPath().getList("MediaContainer.Directory");
        if (dirs == null || dirs.isEmpty()) {
            for (String[] w : new String[][] {{"Movies", "movie", "Movies"}, {"TV Shows", "show", "TV"},
                {"Music", "artist", "Music"}}) {
                json().queryParam("name", w[0]).queryParam("type", w[1])
                        .queryParam("location", MediaLibrary.root.resolve(w[2]).toString())
                        .post("/library/sections").then().statusCode(200);
            }
            awaitIdle();
            dirs = json().get("/library/sections").jsonPath().getList("MediaContainer.Directory");
        }
        dirs.forEach(d -> sections.put((String) d.get("type"), (String) d.get("key")));
    }

    static List<String> keys(String section, int type) {
        return json().queryParam("type", type).get("/library/sections/" + sections.get(section) + "/all").jsonPath()
                .getList("MediaContainer.Metadata.ratingKey");
    }

    static String uri(String keys) {
        return "server://" + MID + "/com.plexapp.plugins.library/library/metadata/" + keys;
    }

    @Test
    @Order(1)
    void playlistsAreMadeEditedReorderedAndDeleted() {
        List<String> episodes = keys("show", 4);
        assertTrue(episodes.size() >= 4, "the show's episodes: " + episodes);
        JsonPath created = json().queryParam("uri", uri(episodes.get(0) + "," + episodes.get(1)))
                .queryParam("type", "video").queryParam("title", "Binge").queryParam("smart", "0")
                .post("/playlists").then().statusCode(200).extract().jsonPath();
        String id = created.getString("MediaContainer.Metadata[0].ratingKey");
        assertEquals("playlist", created.getString("MediaContainer.Metadata[0].type"));
        assertEquals("/playlists/" + id + "/items", created.getString("MediaContainer.Metadata[0].key"));
        assertEquals("video", created.getString("MediaContainer.Metadata[0].playlistType"));
        assertEquals(false, created.get("MediaContainer.Metadata[0].smart"));
        assertEquals(2, created.getInt("MediaContainer.Metadata[0].leafCount"));
        assertTrue(created.getInt("MediaContainer.Metadata[0].duration") > 3000, "two 2 s episodes");

        owner().get("/playlists").then().statusCode(200).body("MediaContainer.Playlist.@title", equalTo("Binge"))
                .body("MediaContainer.Playlist.@smart", equalTo("0"));

        // PUT uri= appends; a show expands to its episodes.
        String show = keys("show", 2).get(0);
        JsonPath items = json().queryParam("uri", uri(show)).put("/playlists/" + id + "/items").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(2 + episodes.size(), items.getList("MediaContainer.Metadata").size());
        List<Integer> entries = items.getList("MediaContainer.Metadata.playlistItemID");
        List<String> order = items.getList("MediaContainer.Metadata.ratingKey");
        assertEquals(List.of(episodes.get(0), episodes.get(1)), order.subList(0, 2));

        // Move the last entry after the first, then remove the first.
        List<String> moved = json().queryParam("after", entries.get(0))
                .put("/playlists/" + id + "/items/" + entries.get(entries.size() - 1) + "/move").then()
                .statusCode(200).extract().jsonPath().getList("MediaContainer.Metadata.ratingKey");
        assertEquals(order.get(order.size() - 1), moved.get(1));
        List<Integer> afterRemove = json().delete("/playlists/" + id + "/items/" + entries.get(0)).then()
                .statusCode(200).extract().jsonPath().getList("MediaContainer.Metadata.playlistItemID");
        assertEquals(entries.get(entries.size() - 1), afterRemove.get(0));
        assertEquals(entries.size() - 1, afterRemove.size());

        // python-plexapi edits with title.value; others send title.
        owner().queryParam("title.value", "Weekend Binge").queryParam("summary.value", "Saturday")
                .put("/playlists/" + id).then().statusCode(204);
        json().get("/playlists/" + id).then().statusCode(200)
                .body("MediaContainer.Metadata[0].title", equalTo("Weekend Binge"))
                .body("MediaContainer.Metadata[0].summary", equalTo("Saturday"))
                .body("MediaContainer.Metadata[0].leafCount", equalTo(entries.size() - 1));

        // Another user sees none of it.
        String friend = friend();
        io.restassured.RestAssured.given().header("X-Plex-Token", friend).accept("application/json")
                .get("/playlists/" + id).then().statusCode(404);
        io.restassured.RestAssured.given().header("X-Plex-Token", friend).accept("application/json")
                .get("/playlists").then().statusCode(200).body("MediaContainer.size", equalTo(0));

        owner().delete("/playlists/" + id).then().statusCode(204);
        try (TopicReader audit = new TopicReader(kafka.bootstrapServers(), Topics.AUDIT)) {
            for (String action : List.of("playlist.create", "playlist.items.move", "playlist.update",
                    "playlist.delete")) {
                assertTrue(!audit.await(r -> r.value().contains("\"" + action + "\"")
                        && r.value().contains("playlist:" + id), Duration.ofSeconds(30)).isEmpty(),
                        action + " reached audit.events");
            }
        }
        json().get("/playlists/" + id).then().statusCode(404)
                .body("errors[0].message", containsString("No playlist " + id));
    }

    @Test
    @Order(2)
    void badPlaylistRequestsAreExplained() {
        String movie = keys("movie", 1).get(0);
        json().queryParam("uri", uri(movie)).post("/playlists").then().statusCode(400)
                .body("errors[0].message", containsString("title is required"));
        json().queryParam("uri", "http://elsewhere/x").queryParam("title", "X").post("/playlists").then()
                .statusCode(400).body("errors[0].message", containsString("uri must name library items"));
        json().queryParam("uri", uri("999999")).queryParam("title", "X").post("/playlists").then()
                .statusCode(404).body("errors[0].message", containsString("No item with ratingKey 999999"));
        json().queryParam("uri", uri(movie)).queryParam("title", "X").queryParam("type", "audio")
                .post("/playlists").then().statusCode(400)
                .body("errors[0].message", containsString("cannot go in a audio playlist"));
        json().get("/playlists/424242/items").then().statusCode(404);
        json().queryParam("after", "x").put("/playlists/1/items/2/move").then().statusCode(400)
                .body("errors[0].message", containsString("after must be a number"));
    }

    @Test
    @Order(3)
    void smartPlaylistsFollowTheirSectionQuery() {
        String query = "server://" + MID + "/com.plexapp.plugins.library/library/sections/" + sections.get("movie")
                + "/all?type=1&sort=titleSort:desc";
        String id = json().queryParam("uri", query).queryParam("type", "video").queryParam("title", "All films")
                .queryParam("smart", "1").post("/playlists").then().statusCode(200)
                .body("MediaContainer.Metadata[0].smart", equalTo(true)).extract().jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");
        List<String> films = keys("movie", 1);
        List<String> items = json().get("/playlists/" + id + "/items").then().statusCode(200).extract().jsonPath()
                .getList("MediaContainer.Metadata.ratingKey");
        assertEquals(films.size(), items.size());
        assertEquals(films.get(films.size() - 1), items.get(0), "sorted by titleSort descending");
        json().queryParam("uri", uri(films.get(0))).put("/playlists/" + id + "/items").then().statusCode(400);
    }

    /** python-plexapi's and @ctrl/plex's addItem name the item by its section's uuid and its key. */
    @Test
    @Order(4)
    void playQueueItemsAreAddedByTheLibraryItemUriClientsSend() {
        List<String> movies = keys("movie", 1);
        List<Map<String, Object>> dirs = json().get("/library/sections").jsonPath()
                .getList("MediaContainer.Directory");
        String uuid = (String) dirs.stream().filter(d -> "movie".equals(d.get("type"))).findFirst().orElseThrow()
                .get("uuid");
        String id = json().queryParam("uri", uri(movies.get(0))).queryParam("type", "video").post("/playQueues").then()
                .statusCode(200).extract().jsonPath().getString("MediaContainer.playQueueID");
        json().queryParam("uri", "library://" + uuid + "/item/library/metadata/" + movies.get(1))
                .put("/playQueues/" + id).then().statusCode(200);
        JsonPath q = json().queryParam("uri", "library://" + uuid + "/item/" + java.net.URLEncoder.encode(
                "/library/metadata/" + movies.get(1), java.nio.charset.StandardCharsets.UTF_8))
                .put("/playQueues/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(movies.get(0), movies.get(1), movies.get(1)),
                q.getList("MediaContainer.Metadata.ratingKey"));
        json().queryParam("uri", "library://" + uuid + "/item/").put("/playQueues/" + id).then().statusCode(400)
                .body("errors[0].message", containsString("uri must name library items"));
    }

    @Test
    @Order(4)
    void playQueuesAddMoveRemoveClearAndShuffleBumpingTheVersion() {
        List<String> episodes = keys("show", 4);
        List<String> movies = keys("movie", 1);
        String src = "library:///directory/" + java.net.URLEncoder.encode("/library/metadata/"
                + String.join(",", episodes), java.nio.charset.StandardCharsets.UTF_8);
        JsonPath q = json().queryParam("uri", src).queryParam("type", "video").queryParam("key",
                "/library/metadata/" + episodes.get(1)).post("/playQueues").then().statusCode(200).extract()
                .jsonPath();
        String id = q.getString("MediaContainer.playQueueID");
        assertEquals(episodes.get(1), q.getString("MediaContainer.playQueueSelectedMetadataItemID"));
        assertEquals(1, q.getInt("MediaContainer.playQueueSelectedItemOffset"));
        assertEquals(episodes.size(), q.getInt("MediaContainer.playQueueTotalCount"));
        assertEquals(src, q.getString("MediaContainer.playQueueSourceURI"));
        int version = q.getInt("MediaContainer.playQueueVersion");
        List<Integer> entries = q.getList("MediaContainer.Metadata.playQueueItemID");
        int selected = q.getInt("MediaContainer.playQueueSelectedItemID");

        // Up Next: after the current item, then after the last added one.
        JsonPath a1 = json().queryParam("uri", uri(movies.get(0))).put("/playQueues/" + id + "/items").then()
                .statusCode(200).extract().jsonPath();
        JsonPath a2 = json().queryParam("uri", uri(movies.get(1))).put("/playQueues/" + id + "/items").then()
                .statusCode(200).extract().jsonPath();
        List<String> order = a2.getList("MediaContainer.Metadata.ratingKey");
        assertEquals(List.of(episodes.get(0), episodes.get(1), movies.get(0), movies.get(1)), order.subList(0, 4));
        assertEquals(version + 2, a2.getInt("MediaContainer.playQueueVersion"));
        assertEquals(a2.getList("MediaContainer.Metadata.playQueueItemID").get(3),
                a2.getInt("MediaContainer.playQueueLastAddedItemID"));
        // playNext: right after the current item.
        JsonPath a3 = json().queryParam("uri", uri(episodes.get(3))).queryParam("playNext", 1)
                .put("/playQueues/" + id + "/items").then().statusCode(200).extract().jsonPath();
        assertEquals(episodes.get(3), a3.getString("MediaContainer.Metadata[2].ratingKey"));

        // Move the first entry after the selected one; it becomes the last added.
        JsonPath m = json().queryParam("after", selected).put("/playQueues/" + id + "/items/" + entries.get(0)
                + "/move").then().statusCode(200).extract().jsonPath();
        assertEquals(entries.get(0), m.getList("MediaContainer.Metadata.playQueueItemID").get(1));
        assertEquals(entries.get(0), (Integer) m.getInt("MediaContainer.playQueueLastAddedItemID"));
        assertEquals(0, m.getInt("MediaContainer.playQueueSelectedItemOffset"));

        // Remove, shuffle, unshuffle.
        JsonPath r = json().delete("/playQueues/" + id + "/items/" + entries.get(entries.size() - 1)).then()
                .statusCode(200).extract().jsonPath();
        assertTrue(!r.getList("MediaContainer.Metadata.playQueueItemID").contains(entries.get(entries.size() - 1)));
        JsonPath s = json().put("/playQueues/" + id + "/shuffle").then().statusCode(200).extract().jsonPath();
        assertEquals(true, s.get("MediaContainer.playQueueShuffled"));
        assertEquals(selected, s.getInt("MediaContainer.playQueueSelectedItemID"));
        JsonPath u = json().put("/playQueues/" + id + "/unshuffle").then().statusCode(200).extract().jsonPath();
        assertEquals(false, u.get("MediaContainer.playQueueShuffled"));
        assertEquals(entries.get(0), u.getList("MediaContainer.Metadata.playQueueItemID").get(0),
                "unshuffle restores the original order");

        // Clear keeps what is playing.
        JsonPath c = json().delete("/playQueues/" + id + "/items").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(selected), c.getList("MediaContainer.Metadata.playQueueItemID"));
        assertEquals(version + 8, c.getInt("MediaContainer.playQueueVersion"), "every change bumps the version");
        json().get("/playQueues/" + id).then().statusCode(200)
                .body("MediaContainer.playQueueVersion", equalTo(version + 8));

        io.restassured.RestAssured.given().header("X-Plex-Token", friend()).get("/playQueues/" + id).then()
                .statusCode(404);
        json().delete("/playQueues/" + id + "/items/99999999").then().statusCode(404);
        json().post("/playQueues").then().statusCode(400)
                .body("errors[0].message", containsString("uri or playlistID is required"));
    }

    /**
     * Where "Up Next" begins, step by step as python-plexapi's own play-queue test finds it on PMS: unset after a
     * create and after a move to the top; the moved item after a move behind another; the added item after an add
     * to Up Next; unchanged by a "play next".
     */
    @Test
    @Order(4)
    void playQueueLastAddedItemIdIsSetOnlyWherePmsSetsIt() {
        List<String> e = keys("show", 4);
        List<String> movies = keys("movie", 1);
        String src = "library:///directory/" + java.net.URLEncoder.encode("/library/metadata/" + e.get(0) + ","
                + e.get(1) + "," + e.get(2), java.nio.charset.StandardCharsets.UTF_8);
        JsonPath q = json().queryParam("uri", src).queryParam("type", "video").post("/playQueues").then()
                .statusCode(200).extract().jsonPath();
        String id = q.getString("MediaContainer.playQueueID");
        assertNull(q.get("MediaContainer.playQueueLastAddedItemID"), "after create");
        List<Integer> entry = q.getList("MediaContainer.Metadata.playQueueItemID");

        JsonPath top = json().put("/playQueues/" + id + "/items/" + entry.get(1) + "/move").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(e.get(1), e.get(0), e.get(2)), top.getList("MediaContainer.Metadata.ratingKey"));
        assertNull(top.get("MediaContainer.playQueueLastAddedItemID"), "after a move to the top");

        JsonPath behind = json().queryParam("after", entry.get(0)).put("/playQueues/" + id + "/items/"
                + entry.get(1) + "/move").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(e.get(0), e.get(1), e.get(2)), behind.getList("MediaContainer.Metadata.ratingKey"));
        assertEquals(entry.get(1), behind.get("MediaContainer.playQueueLastAddedItemID"), "after a move behind");

        JsonPath added = json().queryParam("uri", uri(e.get(3))).put("/playQueues/" + id + "/items").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of(e.get(0), e.get(1), e.get(3), e.get(2)),
                added.getList("MediaContainer.Metadata.ratingKey"));
        Integer upNext = added.getInt("MediaContainer.Metadata[2].playQueueItemID");
        assertEquals(upNext, added.get("MediaContainer.playQueueLastAddedItemID"), "after an add to Up Next");

        JsonPath next = json().queryParam("uri", uri(movies.get(0))).queryParam("playNext", 1)
                .put("/playQueues/" + id + "/items").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(e.get(0), movies.get(0), e.get(1), e.get(3), e.get(2)),
                next.getList("MediaContainer.Metadata.ratingKey"));
        assertEquals(upNext, next.get("MediaContainer.playQueueLastAddedItemID"), "a play-next leaves it");
        json().delete("/playQueues/" + id + "/items").then().statusCode(200);
    }

    @Test
    @Order(5)
    void aPlayQueueFromAPlaylistStartsAtTheFirstItemOrShuffled() {
        List<String> episodes = keys("show", 4);
        String pl = json().queryParam("uri", uri(String.join(",", episodes))).queryParam("title", "Queue me")
                .post("/playlists").jsonPath().getString("MediaContainer.Metadata[0].ratingKey");
        JsonPath q = json().queryParam("playlistID", pl).queryParam("type", "video").post("/playQueues").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(episodes, q.getList("MediaContainer.Metadata.ratingKey"));
        assertEquals(episodes.get(0), q.getString("MediaContainer.playQueueSelectedMetadataItemID"));
        JsonPath sh = json().queryParam("playlistID", pl).queryParam("shuffle", 1)
                .queryParam("key", episodes.get(2)).post("/playQueues").then().statusCode(200).extract().jsonPath();
        assertEquals(episodes.get(2), sh.getString("MediaContainer.Metadata[0].ratingKey"));
        assertEquals(true, sh.get("MediaContainer.playQueueShuffled"));
        assertEquals(episodes.size(), sh.getList("MediaContainer.Metadata").size());
    }

    @Test
    @Order(6)
    void aFieldEditIsLockedAndSurvivesARescan() throws Exception {
        String section = sections.get("movie");
        String film = json().queryParam("title", "Coup de Grâce").get("/library/sections/" + section + "/all")
                .jsonPath().getString("MediaContainer.Metadata[0].ratingKey");
        owner().queryParam("type", 1).queryParam("id", film).queryParam("title.value", "Le Coup")
                .queryParam("title.locked", 1).queryParam("summary.value", "Edited by hand")
                .queryParam("year.value", 2011).put("/library/sections/" + section + "/all").then().statusCode(200);
        json().get("/library/metadata/" + film).then().body("MediaContainer.Metadata[0].title", equalTo("Le Coup"))
                .body("MediaContainer.Metadata[0].summary", equalTo("Edited by hand"))
                .body("MediaContainer.Metadata[0].year", equalTo(2011));
        owner().get("/library/metadata/" + film).then()
                .body("MediaContainer.Video.Field.find { it.@name == 'title' }.@locked", equalTo("1"))
                .body("MediaContainer.Video.Field.find { it.@name == 'summary' }.@locked", equalTo("1"));
        owner().put("/library/metadata/" + film + "/refresh").then().statusCode(200);
        awaitIdle();
        // A changed file is probed again; the locked fields keep the user's values.
        long probes = ffprobe.runs();
        Files.setLastModifiedTime(MediaLibrary.root.resolve("Movies/stub.name.2010.mkv"),
                FileTime.from(Instant.now().plusSeconds(60)));
        owner().get("/library/sections/" + section + "/refresh").then().statusCode(200);
        awaitIdle();
        assertTrue(ffprobe.runs() > probes, "the touched file was probed again");
        JsonPath after = json().get("/library/metadata/" + film).jsonPath();
        assertEquals("Le Coup", after.getString("MediaContainer.Metadata[0].title"));
        assertEquals(2011, after.getInt("MediaContainer.Metadata[0].year"));
        json().queryParam("query", "le coup").get("/hubs/search").then()
                .body("MediaContainer.Hub[0].Metadata[0].ratingKey", equalTo(film));

        owner().queryParam("id", film).queryParam("year.value", "soon").put("/library/sections/" + section
                + "/all").then().statusCode(400).body("Response.@message", containsString("year.value"));
        owner().queryParam("id", film).put("/library/sections/" + section + "/all").then().statusCode(400)
                .body("Response.@message", containsString("nothing to change"));
        owner().queryParam("id", "99999999").queryParam("title.value", "x").put("/library/sections/" + section
                + "/all").then().statusCode(404);
        io.restassured.RestAssured.given().header("X-Plex-Token", friend()).queryParam("id", film)
                .queryParam("title.value", "x").put("/library/sections/" + section + "/all").then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(403), equalTo(404)));
        assertNotEquals("x", json().get("/library/metadata/" + film).jsonPath()
                .getString("MediaContainer.Metadata[0].title"));
    }

    /** A title filter is the text the user typed: "%" and "_" in it are characters, not LIKE's wildcards. */
    @Test
    @Order(7)
    void aTitleFilterMatchesWhatWasTyped() {
        List<String> episodes = keys("show", 2);
        List<String> ids = new java.util.ArrayList<>();
        for (String title : List.of("100% Hits", "Top 10")) {
            ids.add(json().queryParam("uri", uri(episodes.get(0))).queryParam("type", "video")
                    .queryParam("title", title).queryParam("smart", "0").post("/playlists").then().statusCode(200)
                    .extract().jsonPath().getString("MediaContainer.Metadata[0].ratingKey"));
        }
        try {
            assertEquals(List.of("100% Hits"), json().queryParam("title", "100%").get("/playlists").jsonPath()
                    .getList("MediaContainer.Metadata.title"));
            assertEquals(List.of("100% Hits"), json().queryParam("title", "%").get("/playlists").jsonPath()
                    .getList("MediaContainer.Metadata.title"));
            json().queryParam("title", "_").get("/playlists").then().statusCode(200)
                    .body("MediaContainer.size", equalTo(0));
            assertEquals(List.of("Top 10"), json().queryParam("title", "top").get("/playlists").jsonPath()
                    .getList("MediaContainer.Metadata.title"));
        } finally {
            ids.forEach(id -> owner().delete("/playlists/" + id).then().statusCode(204));
        }
    }

    static String friend() {
        UserServiceStandIn.ACCESS.put(8L, "{\"userId\":8,\"name\":\"pal\",\"kind\":\"USER\","
                + "\"allSections\":false,\"sectionIds\":[" + sections.get("movie") + "],\"contentRatingLimit\":null}");
        return UserServiceStandIn.token(8, "pal", io.cinemesh.tokens.CallerKind.USER, "tok-8");
    }
}
