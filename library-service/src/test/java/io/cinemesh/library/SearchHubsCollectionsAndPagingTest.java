package io.cinemesh.library;

import static io.cinemesh.library.LibraryScanAndBrowseTest.json;
import static io.cinemesh.library.LibraryScanAndBrowseTest.owner;
import static io.cinemesh.library.PlaylistsPlayQueuesAndEditsTest.friend;
import static io.cinemesh.library.PlaylistsPlayQueuesAndEditsTest.keys;
import static io.cinemesh.library.PlaylistsPlayQueuesAndEditsTest.sections;
import static io.cinemesh.library.PlaylistsPlayQueuesAndEditsTest.uri;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.cinemesh.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.path.xml.XmlPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Collections, the tag/collection/playlist hubs of /hubs/search, filter choice lists and paged playlist items and
 * play queues, as a client sees them in XML and JSON, on the library the other tests scan. Its name sorts it after
 * them: LibraryResourceTest and LibraryScanAndBrowseTest expect to find the database without sections.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchHubsCollectionsAndPagingTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    @BeforeEach
    void library() {
        new PlaylistsPlayQueuesAndEditsTest().library();
    }

    static String createCollection(String section, String title, String keys) {
        return json().queryParam("type", 1).queryParam("title", title).queryParam("smart", "0")
                .queryParam("sectionId", sections.get(section)).queryParam("uri", uri(keys))
                .post("/library/collections").then().statusCode(200).extract().jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");
    }

    static List<Map<String, Object>> tagsOf(String ratingKey, String tag) {
        List<Map<String, Object>> tags = json().get("/library/metadata/" + ratingKey).jsonPath()
                .getList("MediaContainer.Metadata[0]." + tag);
        return tags == null ? List.of() : tags;
    }

    @Test
    @Order(1)
    void collectionsAreMadeBrowsedEditedAndDeleted() {
        String movieSection = sections.get("movie");
        List<String> films = keys("movie", 1);
        // Earlier test classes may have removed films: two are enough.
        assertTrue(films.size() >= 2, "the fixture's films: " + films);

        JsonPath made = json().queryParam("type", 1).queryParam("title", "Classics").queryParam("smart", "0")
                .queryParam("sectionId", movieSection).queryParam("uri", uri(films.get(0)))
                .post("/library/collections").then().statusCode(200).extract().jsonPath();
        String id = made.getString("MediaContainer.Metadata[0].ratingKey");
        assertEquals("collection", made.getString("MediaContainer.Metadata[0].type"));
        assertEquals("movie", made.getString("MediaContainer.Metadata[0].subtype"));
        assertEquals("/library/collections/" + id + "/children", made.getString("MediaContainer.Metadata[0].key"));
        assertEquals(1, made.getInt("MediaContainer.Metadata[0].childCount"));
        json().queryParam("uri", uri(films.get(1))).put("/library/collections/" + made.getString(
                "MediaContainer.Metadata[0].ratingKey") + "/items").then().statusCode(200)
                .body("MediaContainer.Metadata[0].childCount", equalTo(2));
        assertEquals(false, made.get("MediaContainer.Metadata[0].smart"));
        int tagId = made.getInt("MediaContainer.Metadata[0].index");

        // python-plexapi reads the XML list; its Meta names the collection type; libtype=collection searches.
        owner().get("/library/sections/" + movieSection + "/collections").then().statusCode(200)
                .body("MediaContainer.Directory.@type", equalTo("collection"))
                .body("MediaContainer.Directory.@ratingKey", equalTo(id))
                .body("MediaContainer.Directory.@title", equalTo("Classics"))
                .body("MediaContainer.Directory.@childCount", equalTo("2"))
                .body("MediaContainer.Directory.@smart", equalTo("0"))
                .body("MediaContainer.@totalSize", equalTo("1"));
        json().queryParam("includeMeta", 1).queryParam("X-Plex-Container-Size", 0)
                .get("/library/sections/" + movieSection + "/collections").then().statusCode(200)
                .body("MediaContainer.Meta.Type[0].type", equalTo("collection"))
                .body("MediaContainer.totalSize", equalTo(1)).body("MediaContainer.size", equalTo(0));
        json().queryParam("type", 18).queryParam("title", "class")
                .get("/library/sections/" + movieSection + "/all").then().statusCode(200)
                .body("MediaContainer.Metadata[0].ratingKey", equalTo(id));
        json().queryParam("type", 18).queryParam("title", "nothing like it")
                .get("/library/sections/" + movieSection + "/all").then().statusCode(200)
                .body("MediaContainer.totalSize", equalTo(0));

        // One ratingKey space: the collection resolves as a collection and as metadata.
        for (String path : List.of("/library/collections/" + id, "/library/metadata/" + id)) {
            json().get(path).then().statusCode(200).body("MediaContainer.Metadata[0].title", equalTo("Classics"))
                    .body("MediaContainer.Metadata[0].type", equalTo("collection"));
        }

        // Children, paged in both forms.
        JsonPath page1 = json().header("X-Plex-Container-Start", "0").header("X-Plex-Container-Size", "1")
                .get("/library/collections/" + id + "/children").then().statusCode(200).extract().jsonPath();
        JsonPath page2 = json().queryParam("X-Plex-Container-Start", 1).queryParam("X-Plex-Container-Size", 1)
                .get("/library/collections/" + id + "/children").then().statusCode(200).extract().jsonPath();
        assertEquals(2, page1.getInt("MediaContainer.totalSize"));
        assertEquals(1, page2.getInt("MediaContainer.offset"));
        List<String> members = List.of(page1.getString("MediaContainer.Metadata[0].ratingKey"),
                page2.getString("MediaContainer.Metadata[0].ratingKey"));
        assertEquals(java.util.Set.of(films.get(0), films.get(1)), java.util.Set.copyOf(members));

        // Members carry the Collection tag; collection=ID lists them.
        assertTrue(tagsOf(films.get(0), "Collection").stream().anyMatch(t -> "Classics".equals(t.get("tag"))));
        List<String> filtered = json().queryParam("includeCollections", 1).queryParam("collection", tagId)
                .get("/library/sections/" + movieSection + "/all").jsonPath().getList("MediaContainer.Metadata.ratingKey");
        assertEquals(java.util.Set.of(films.get(0), films.get(1)), java.util.Set.copyOf(filtered));

        // Adding a member again changes nothing.
        json().queryParam("uri", uri(films.get(1))).put("/library/collections/" + id + "/items").then()
                .statusCode(200).body("MediaContainer.Metadata[0].childCount", equalTo(2));
        // plexjs reads /items, @ctrl/plex /library/metadata/{id}/children.
        for (String path : List.of("/library/collections/" + id + "/items", "/library/metadata/" + id + "/children")) {
            assertEquals(2, json().get(path).then().statusCode(200).extract().jsonPath()
                    .getList("MediaContainer.Metadata").size(), path);
        }
        String track = keys("artist", 10).get(0);
        json().queryParam("uri", uri(track)).put("/library/collections/" + id + "/items").then().statusCode(400)
                .body("errors[0].message", containsString("another library section"));
        json().queryParam("uri", uri("987654")).put("/library/collections/" + id + "/items").then().statusCode(404)
                .body("errors[0].message", containsString("No item with ratingKey 987654"));
        json().delete("/library/collections/" + id + "/items/" + films.get(0)).then().statusCode(200)
                .body("MediaContainer.Metadata[0].childCount", equalTo(1));
        assertTrue(tagsOf(films.get(0), "Collection").isEmpty(), "a removed film loses the tag");
        json().delete("/library/collections/" + id + "/items/" + films.get(0)).then().statusCode(404);
        // @lukehagar/plexjs (as the community spec says) removes with PUT.
        json().queryParam("uri", uri(films.get(0))).put("/library/collections/" + id + "/items").then()
                .statusCode(200);
        json().put("/library/collections/" + id + "/items/" + films.get(0)).then().statusCode(200)
                .body("MediaContainer.Metadata[0].childCount", equalTo(1));
        assertTrue(tagsOf(films.get(0), "Collection").isEmpty(), "removed again with PUT");

        // python-plexapi's editTitle; the members' tags follow.
        owner().queryParam("type", 18).queryParam("id", id).queryParam("title.value", "Favourites")
                .put("/library/sections/" + movieSection + "/all").then().statusCode(200);
        json().get("/library/collections/" + id).then().body("MediaContainer.Metadata[0].title",
                equalTo("Favourites"));
        assertTrue(tagsOf(films.get(1), "Collection").stream().anyMatch(t -> "Favourites".equals(t.get("tag"))));
        json().queryParam("type", 1).queryParam("title", "Favourites").queryParam("sectionId", movieSection)
                .post("/library/collections").then().statusCode(409)
                .body("errors[0].message", containsString("already has a collection named 'Favourites'"));

        // Bad input is explained.
        json().queryParam("title", "X").queryParam("smart", "1").queryParam("sectionId", movieSection)
                .post("/library/collections").then().statusCode(400);
        json().queryParam("sectionId", movieSection).post("/library/collections").then().statusCode(400)
                .body("errors[0].message", containsString("title is required"));
        json().queryParam("title", "Mixed").queryParam("uri", uri(films.get(0) + "," + track))
                .post("/library/collections").then().statusCode(400);
        json().get("/library/collections/nope").then().statusCode(404);

        // Shares: a friend with the movie section sees it but cannot change it; music is not theirs.
        String friend = friend();
        String music = json().queryParam("type", 9).queryParam("title", "Albums")
                .queryParam("sectionId", sections.get("artist")).queryParam("uri", uri(keys("artist", 9).get(0)))
                .post("/library/collections").then().statusCode(200).extract().jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");
        RestAssured.given().header("X-Plex-Token", friend).accept("application/json")
                .get("/library/collections/" + id).then().statusCode(200);
        RestAssured.given().header("X-Plex-Token", friend).accept("application/json")
                .get("/library/collections/" + music).then().statusCode(404);
        RestAssured.given().header("X-Plex-Token", friend).accept("application/json")
                .get("/library/metadata/" + music).then().statusCode(404);
        RestAssured.given().header("X-Plex-Token", friend).accept("application/json")
                .get("/library/sections/" + sections.get("artist") + "/collections").then().statusCode(404);
        RestAssured.given().header("X-Plex-Token", friend).accept("application/json")
                .queryParam("title", "Mine").queryParam("sectionId", movieSection).post("/library/collections")
                .then().statusCode(403);

        // Delete: the films stay, without the tag.
        json().delete("/library/collections/" + id).then().statusCode(200);
        json().get("/library/collections/" + id).then().statusCode(404);
        assertTrue(tagsOf(films.get(1), "Collection").isEmpty());
        json().get("/library/metadata/" + films.get(1)).then().statusCode(200);
        // plexjs deletes through the section.
        json().delete("/library/sections/" + movieSection + "/collection/" + music).then().statusCode(404);
        json().delete("/library/sections/" + sections.get("artist") + "/collection/" + music).then().statusCode(200);
        json().get("/library/metadata/" + music).then().statusCode(404)
                .body("errors[0].message", containsString("No item with ratingKey " + music));

        try (TopicReader events = new TopicReader(kafka.bootstrapServers(), Topics.LIBRARY);
                TopicReader audit = new TopicReader(kafka.bootstrapServers(), Topics.AUDIT)) {
            assertFalse(events.await(r -> r.value().contains("\"item.added\"") && r.value().contains("\"collection\"")
                    && r.key().equals(id), Duration.ofSeconds(30)).isEmpty(), "collection added on library.events");
            assertFalse(events.await(r -> r.value().contains("\"item.updated\"") && r.key().equals(films.get(1)),
                    Duration.ofSeconds(30)).isEmpty(), "the added film updated on library.events");
            assertFalse(events.await(r -> r.value().contains("\"item.removed\"") && r.key().equals(id),
                    Duration.ofSeconds(30)).isEmpty(), "collection removed on library.events");
            for (String action : List.of("collection.create", "collection.items.add", "collection.items.remove",
                    "collection.update", "collection.delete")) {
                assertFalse(audit.await(r -> r.value().contains("\"" + action + "\"")
                        && r.value().contains("collection:" + id), Duration.ofSeconds(30)).isEmpty(),
                        action + " reached audit.events");
            }
        }
    }

    @Test
    @Order(2)
    void searchHasTagCollectionAndPlaylistHubs() {
        String musicSection = sections.get("artist");
        // The tagged album's genre, found case-insensitively with its accent.
        JsonPath hubs = json().queryParam("query", "ÉLECTRO").get("/hubs/search").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Object> genre = hubs.getMap("MediaContainer.Hub.find { it.type == 'genre' }");
        assertNotNull(genre, "a genre hub: " + hubs.prettify());
        assertEquals("genre", genre.get("hubIdentifier"));
        Map<String, Object> tag = hubs.getMap("MediaContainer.Hub.find { it.type == 'genre' }.Directory[0]");
        assertEquals("Électronique", tag.get("tag"));
        assertEquals(1, tag.get("tagType"));
        assertEquals("genre=" + tag.get("id"), tag.get("filter"));
        assertEquals(Integer.parseInt(musicSection), tag.get("librarySectionID"));
        List<String> albums = json().get((String) tag.get("key")).jsonPath().getList("MediaContainer.Metadata.title");
        assertEquals(List.of("Homogénic"), albums, "the genre's key lists what carries the genre");
        owner().queryParam("query", "électronique").get("/hubs/search").then().statusCode(200)
                .body("MediaContainer.Hub.find { it.@type == 'genre' }.Directory.@tag", equalTo("Électronique"))
                .body("MediaContainer.Hub.find { it.@type == 'genre' }.Directory.@tagType", equalTo("1"));
        // A friend without the music section sees no such hub.
        RestAssured.given().header("X-Plex-Token", friend()).accept("application/json")
                .queryParam("query", "électronique").get("/hubs/search").then().statusCode(200)
                .body("MediaContainer.Hub.type", not(hasItem("genre")));

        // Collections and playlists by title, the exact title first.
        List<String> films = keys("movie", 1);
        String best = createCollection("movie", "Best Noir", films.get(0));
        String noir = createCollection("movie", "Noir", films.get(1));
        String playlist = json().queryParam("uri", uri(films.get(0))).queryParam("type", "video")
                .queryParam("title", "Noir Night").queryParam("smart", "0").post("/playlists").then().statusCode(200)
                .extract().jsonPath().getString("MediaContainer.Metadata[0].ratingKey");
        JsonPath found = json().queryParam("query", "noir").get("/hubs/search").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of(noir, best), found.getList(
                "MediaContainer.Hub.find { it.type == 'collection' }.Metadata.ratingKey"));
        assertEquals("collection", found.getString("MediaContainer.Hub.find { it.type == 'collection' }.Metadata[0].type"));
        assertEquals(List.of(playlist), found.getList(
                "MediaContainer.Hub.find { it.type == 'playlist' }.Metadata.ratingKey"));
        owner().queryParam("query", "noir").get("/hubs/search").then().statusCode(200)
                .body("MediaContainer.Hub.find { it.@type == 'collection' }.Directory[0].@title", equalTo("Noir"))
                .body("MediaContainer.Hub.find { it.@type == 'playlist' }.Playlist.@title", equalTo("Noir Night"));
        json().queryParam("query", "noir").queryParam("limit", 1).get("/hubs/search").then()
                .body("MediaContainer.Hub.find { it.type == 'collection' }.size", equalTo(1))
                .body("MediaContainer.Hub.find { it.type == 'collection' }.more", equalTo(true));
        // Playlists are their owner's only.
        RestAssured.given().header("X-Plex-Token", friend()).accept("application/json").queryParam("query", "noir")
                .get("/hubs/search").then().statusCode(200).body("MediaContainer.Hub.type", not(hasItem("playlist")))
                .body("MediaContainer.Hub.type", hasItem("collection"));
        json().delete("/library/collections/" + best).then().statusCode(200);
        json().delete("/library/collections/" + noir).then().statusCode(200);
        owner().delete("/playlists/" + playlist).then().statusCode(204);
    }

    @Test
    @Order(3)
    void filterChoiceListsAreTheOnesMetaAdvertises() {
        String musicSection = sections.get("artist");
        String movieSection = sections.get("movie");
        JsonPath meta = json().queryParam("includeMeta", 1).queryParam("X-Plex-Container-Size", 0)
                .get("/library/sections/" + musicSection + "/all").jsonPath();
        String genreKey = meta.getString("MediaContainer.Meta.Type.find { it.type == 'album' }.Filter.find { "
                + "it.filter == 'genre' }.key");
        assertEquals("/library/sections/" + musicSection + "/genre?type=9", genreKey);
        JsonPath choices = json().get(genreKey).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("Électronique"), choices.getList("MediaContainer.Directory.title"));
        String fastKey = choices.getString("MediaContainer.Directory[0].fastKey");
        assertEquals(List.of("Homogénic"), json().get(fastKey).jsonPath().getList("MediaContainer.Metadata.title"));
        String choiceKey = choices.getString("MediaContainer.Directory[0].key");
        assertEquals(List.of("Homogénic"), json().queryParam("type", 9).queryParam("genre", choiceKey)
                .get("/library/sections/" + musicSection + "/all").jsonPath().getList("MediaContainer.Metadata.title"));

        // Every advertised key answers, in XML too.
        List<String> advertised = json().queryParam("includeMeta", 1).queryParam("X-Plex-Container-Size", 0)
                .get("/library/sections/" + movieSection + "/all").jsonPath()
                .getList("MediaContainer.Meta.Type[0].Filter.key");
        assertTrue(advertised.contains("/library/sections/" + movieSection + "/year?type=1"), advertised.toString());
        for (String key : advertised) {
            owner().get(key).then().statusCode(200);
        }
        // The years the films carry (earlier test classes may have edited them), each selecting its films.
        List<Map<String, Object>> all = json().queryParam("type", 1).get("/library/sections/" + movieSection + "/all")
                .jsonPath().getList("MediaContainer.Metadata");
        Map<String, Object> film = all.stream().filter(m -> m.get("year") != null).findFirst().orElseThrow();
        String year = String.valueOf(film.get("year"));
        XmlPath years = owner().get("/library/sections/" + movieSection + "/year?type=1").then().statusCode(200)
                .extract().xmlPath();
        List<String> titles = years.getList("MediaContainer.Directory.@title");
        assertTrue(titles.contains(year), titles + " has " + year);
        String byYear = "/library/sections/" + movieSection + "/all?type=1&year=" + year;
        assertEquals(byYear, years.getString("MediaContainer.Directory.find { it.@title == '" + year + "' }.@fastKey"));
        assertTrue(json().get(byYear).jsonPath().getList("MediaContainer.Metadata.ratingKey")
                .contains(film.get("ratingKey")), byYear + " lists " + film.get("title"));

        json().get("/library/sections/" + movieSection + "/shoeSize").then().statusCode(404)
                .body("errors[0].message", containsString("No filter 'shoeSize'"))
                .body("errors[0].message", containsString("genre"));
        json().get("/library/sections/" + movieSection + "/genre?type=10").then().statusCode(400);
        RestAssured.given().header("X-Plex-Token", friend()).accept("application/json")
                .get("/library/sections/" + musicSection + "/genre").then().statusCode(404);
    }

    @Test
    @Order(4)
    void playlistItemsAndPlayQueuesArePaged() {
        List<String> episodes = keys("show", 4);
        assertEquals(4, episodes.size());
        String id = json().queryParam("uri", uri(String.join(",", episodes))).queryParam("type", "video")
                .queryParam("title", "Paged").post("/playlists").then().statusCode(200).extract().jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");

        owner().header("X-Plex-Container-Start", "0").header("X-Plex-Container-Size", "2")
                .get("/playlists/" + id + "/items").then().statusCode(200)
                .body("MediaContainer.@totalSize", equalTo("4")).body("MediaContainer.@offset", equalTo("0"))
                .body("MediaContainer.@size", equalTo("2"))
                .body("MediaContainer.Video.@ratingKey", equalTo(episodes.subList(0, 2)));
        JsonPath second = json().queryParam("X-Plex-Container-Start", 2).queryParam("X-Plex-Container-Size", 2)
                .get("/playlists/" + id + "/items").then().statusCode(200).extract().jsonPath();
        assertEquals(episodes.subList(2, 4), second.getList("MediaContainer.Metadata.ratingKey"));
        assertEquals(2, second.getInt("MediaContainer.offset"));
        assertEquals(4, second.getInt("MediaContainer.totalSize"));
        json().queryParam("X-Plex-Container-Start", 9).get("/playlists/" + id + "/items").then().statusCode(200)
                .body("MediaContainer.totalSize", equalTo(4)).body("MediaContainer.size", equalTo(0));
        json().queryParam("X-Plex-Container-Size", "x").get("/playlists/" + id + "/items").then().statusCode(400);

        JsonPath queue = json().queryParam("playlistID", id).queryParam("type", "video")
                .queryParam("key", "/library/metadata/" + episodes.get(2)).post("/playQueues").then()
                .statusCode(200).extract().jsonPath();
        String qid = queue.getString("MediaContainer.playQueueID");
        JsonPath page = json().queryParam("X-Plex-Container-Start", 1).queryParam("X-Plex-Container-Size", 2)
                .get("/playQueues/" + qid).then().statusCode(200).extract().jsonPath();
        assertEquals(episodes.subList(1, 3), page.getList("MediaContainer.Metadata.ratingKey"));
        assertEquals(1, page.getInt("MediaContainer.offset"));
        assertEquals(4, page.getInt("MediaContainer.totalSize"));
        assertEquals(4, page.getInt("MediaContainer.playQueueTotalCount"));
        assertEquals(2, page.getInt("MediaContainer.playQueueSelectedItemOffset"), "offset in the whole queue");
        owner().header("X-Plex-Container-Start", "3").get("/playQueues/" + qid).then().statusCode(200)
                .body("MediaContainer.@offset", equalTo("3"))
                .body("MediaContainer.Video.@ratingKey", equalTo(episodes.get(3)));
        owner().delete("/playlists/" + id).then().statusCode(204);
    }
}
