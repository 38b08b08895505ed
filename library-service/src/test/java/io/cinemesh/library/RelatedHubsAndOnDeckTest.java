package io.cinemesh.library;

import static io.cinemesh.library.LibraryScanAndBrowseTest.awaitIdle;
import static io.cinemesh.library.LibraryScanAndBrowseTest.json;
import static io.cinemesh.library.LibraryScanAndBrowseTest.owner;
import static io.cinemesh.library.LibraryScanAndBrowseTest.raw;
import static io.cinemesh.library.PlaylistsPlayQueuesAndEditsTest.friend;
import static io.cinemesh.library.PlaylistsPlayQueuesAndEditsTest.sections;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.MediaFixtures;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.xml.XmlPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What python-plexapi's full reload of an item asks beside it ({@code includeRelated=1&includeOnDeck=1}) and reads
 * with {@code item.hubs()} and {@code show.onDeck()}: the Related hubs, and the episode a viewer plays next.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
class RelatedHubsAndOnDeckTest {

    @BeforeEach
    void library() {
        new PlaylistsPlayQueuesAndEditsTest().library();
    }

    @Test
    void aShowsOnDeckIsTheEpisodeAViewerPlaysNext() {
        String tv = "/library/sections/" + sections.get("show");
        String show = json().queryParam("title", "Show One").get(tv + "/all").jsonPath()
                .getString("MediaContainer.Metadata[0].ratingKey");
        List<String> eps = json().get("/library/metadata/" + show + "/allLeaves").jsonPath()
                .getList("MediaContainer.Metadata.ratingKey");
        assertEquals(4, eps.size(), "Show One's episodes");
        raw().queryParam("key", show).put("/:/unscrobble").then().statusCode(200);
        try {
            assertEquals(eps.get(0), onDeck(show), "nothing played yet: the first episode");
            scrobble(eps.get(0));
            assertEquals(eps.get(1), onDeck(show), "the one after the last played");
            raw().queryParam("key", eps.get(2)).queryParam("time", 700).queryParam("state", "stopped")
                    .post("/:/progress").then().statusCode(200);
            assertEquals(eps.get(2), onDeck(show), "the one in progress");
            String season2 = json().get("/library/metadata/" + show + "/children").jsonPath()
                    .getString("MediaContainer.Metadata.find { it.index == 2 }.ratingKey");
            assertEquals(eps.get(2), onDeck(season2), "a season's own");
            scrobble(show);
            assertEquals(null, onDeck(show), "all played: none");
            owner().get("/library/metadata/" + eps.get(0) + "?includeOnDeck=1").then().statusCode(200);
            assertTrue(owner().get("/library/metadata/" + show).xmlPath()
                    .getList("MediaContainer.Directory.OnDeck").isEmpty(), "only when asked for");
        } finally {
            raw().queryParam("key", show).put("/:/unscrobble").then().statusCode(200);
        }
    }

    @Test
    void anAlbumLeadsToMoreByItsArtistAndToAlbumsLikeIt() throws Exception {
        var music = MediaLibrary.root.resolve("Related Music");
        var audio = MediaFixtures.audioStub(2);
        String[][] tracks = {{"Björk", "Homogénic", "Jóga", "1997", "Électronique"},
            {"Björk", "Post", "Army of Me", "1995", "Électronique"},
            {"Björk", "Vespertine", "Hidden Place", "2001", "Ambient"},
            {"Múm", "Finally We Are No One", "Sleep", "2002", "Électronique"}};
        for (String[] t : tracks) {
            MediaFixtures.remux(audio, music.resolve(t[0] + "/" + t[1] + "/01 - " + t[2] + ".mp3"), Map.of("artist",
                    t[0], "album_artist", t[0], "album", t[1], "title", t[2], "track", "1", "date", t[3], "genre",
                    t[4]));
        }
        String section = json().queryParam("name", "Related Music").queryParam("type", "artist")
                .queryParam("location", music.toString()).post("/library/sections").then().statusCode(200)
                .extract().path("MediaContainer.Directory[0].key");
        try {
            awaitIdle();
            Map<String, String> albums = new java.util.HashMap<>();
            json().queryParam("type", 9).get("/library/sections/" + section + "/all").jsonPath()
                    .getList("MediaContainer.Metadata", Map.class)
                    .forEach(m -> albums.put((String) m.get("title"), (String) m.get("ratingKey")));
            String homogenic = albums.get("Homogénic");

            XmlPath full = owner().get("/library/metadata/" + homogenic + "?includeRelated=1&includeOnDeck=1")
                    .then().statusCode(200).extract().xmlPath();
            assertEquals(List.of("More by Björk", "Similar Albums"),
                    full.getList("MediaContainer.Directory.Related.Hub.@title"));
            assertEquals(List.of("Vespertine", "Post"), full.getList(
                    "MediaContainer.Directory.Related.Hub.find { it.@title == 'More by Björk' }.Directory.@title"),
                    "the artist's other albums, newest first");
            assertEquals(List.of("Finally We Are No One", "Post"), full.getList(
                    "MediaContainer.Directory.Related.Hub.find { it.@title == 'Similar Albums' }.Directory.@title"),
                    "albums of the same genre, by any artist");

            // The community spec's /related answers the same hubs, and each hub's key lists its items in full.
            var related = json().get("/library/metadata/" + homogenic + "/related").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(List.of("album.artist", "album.similar"), related.getList("MediaContainer.Hub.hubIdentifier"));
            for (String key : related.<String>getList("MediaContainer.Hub.key")) {
                List<String> listed = json().get(key).then().statusCode(200).extract().jsonPath()
                        .getList("MediaContainer.Metadata.title");
                assertTrue(listed.contains("Post"), key + ": " + listed);
            }
            // Vespertine shares no genre with anything: it has only its artist's hub.
            assertEquals(List.of("album.artist"), json().get("/library/metadata/" + albums.get("Vespertine")
                    + "/related").jsonPath().getList("MediaContainer.Hub.hubIdentifier"));
            // A friend without this section learns nothing of it.
            given().header("X-Plex-Token", friend()).accept("application/json")
                    .get("/library/metadata/" + homogenic + "/related").then().statusCode(404);
        } finally {
            json().delete("/library/sections/" + section).then().statusCode(200);
        }
    }

    private static void scrobble(String key) {
        raw().queryParam("key", key).queryParam("identifier", "com.plexapp.plugins.library").get("/:/scrobble")
                .then().statusCode(200);
    }

    /** The ratingKey under {@code <OnDeck>} of a show's or season's full reload, as python-plexapi reads it. */
    private static String onDeck(String key) {
        XmlPath x = owner().get("/library/metadata/" + key + "?includeOnDeck=1&includeRelated=1").then()
                .statusCode(200).extract().xmlPath();
        List<String> deck = x.getList("MediaContainer.Directory.OnDeck.Video.@ratingKey");
        assertTrue(deck.size() <= 1, "one On Deck episode: " + deck);
        return deck.isEmpty() ? null : deck.get(0);
    }
}
