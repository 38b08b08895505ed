package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.cinemesh.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class PlaybackTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    static RequestSpecification player(String token, String client, String session) {
        return given().header("X-Plex-Token", token).header("X-Plex-Client-Identifier", client)
                .header("X-Plex-Device-Name", "Living Room TV").header("X-Plex-Product", "Plex for Android (TV)")
                .header("X-Plex-Platform", "Android").header("X-Plex-Session-Identifier", session);
    }

    static void report(String token, String client, String session, String rk, String state, long time) {
        player(token, client, session).queryParam("ratingKey", rk).queryParam("key", "/library/metadata/" + rk)
                .queryParam("state", state).queryParam("time", time).queryParam("duration", 12000)
                .post("/:/timeline").then().statusCode(200);
    }

    static JsonPath sessions(String token) {
        return given().header("X-Plex-Token", token).accept("application/json").get("/status/sessions").then()
                .statusCode(200).header("Content-Type", "application/json").extract().jsonPath();
    }

    static List<Object> filmHistory() {
        List<Object> keys = given().header("X-Plex-Token", LibraryStandIn.USER).accept("application/json")
                .queryParam("metadataItemID", "1001").get("/status/sessions/history/all").then().statusCode(200)
                .extract().jsonPath().getList("MediaContainer.Metadata.historyKey");
        return keys == null ? List.of() : keys;
    }

    static List<Object> players() {
        List<Object> ids = sessions(LibraryStandIn.OWNER).getList("MediaContainer.Metadata.Player.machineIdentifier");
        return ids == null ? List.of() : ids;
    }

    @Test
    void timelineMakesASessionWhichWatchingToTheEndTurnsIntoHistory() {
        String client = "player-" + UUID.randomUUID();
        int before = filmHistory().size();
        report(LibraryStandIn.USER, client, "s1", "1001", "playing", 1000);

        JsonPath s = sessions(LibraryStandIn.OWNER);
        String base = "MediaContainer.Metadata.find { it.Player.machineIdentifier == '" + client + "' }";
        assertEquals("Test Film", s.getString(base + ".title"));
        assertEquals("movie", s.getString(base + ".type"));
        assertEquals("1001", s.getString(base + ".ratingKey"));
        assertEquals(1, s.getInt(base + ".librarySectionID"));
        assertEquals(1000, s.getInt(base + ".viewOffset"));
        assertEquals("7", s.getString(base + ".User.id"));
        assertEquals("viewer", s.getString(base + ".User.title"));
        assertEquals("Living Room TV", s.getString(base + ".Player.title"));
        assertEquals("playing", s.getString(base + ".Player.state"));
        assertTrue(s.getString(base + ".sessionKey").matches("\\d+"));
        String sessionId = s.getString(base + ".Session.id");
        // python-plexapi reads XML: the item is a Video with a User child
        given().header("X-Plex-Token", LibraryStandIn.USER).get("/status/sessions").then().statusCode(200)
                .body(containsString("<Video")).body(containsString("<User id=\"7\""))
                .body(containsString("machineIdentifier=\"" + client + "\""));

        report(LibraryStandIn.USER, client, "s1", "1001", "paused", 5000);
        assertEquals("paused", sessions(LibraryStandIn.OWNER).getString(base + ".Player.state"));

        // 11 of 12 s is past 90 %: watched, once, however many more reports come
        report(LibraryStandIn.USER, client, "s1", "1001", "playing", 11000);
        report(LibraryStandIn.USER, client, "s1", "1001", "playing", 11500);
        report(LibraryStandIn.USER, client, "s1", "1001", "stopped", 11800);
        assertFalse(players()
                .contains(client));

        JsonPath h = given().header("X-Plex-Token", LibraryStandIn.USER).accept("application/json")
                .queryParam("metadataItemID", "1001").queryParam("sort", "viewedAt:desc")
                .get("/status/sessions/history/all").then().statusCode(200).extract().jsonPath();
        assertEquals(before + 1, filmHistory().size());
        assertEquals("Test Film", h.getString("MediaContainer.Metadata[0].title"));
        assertEquals(7, h.getInt("MediaContainer.Metadata[0].accountID"));
        assertTrue(h.getLong("MediaContainer.Metadata[0].viewedAt") > 1_700_000_000L);

        // Paged as python-plexapi asks (headers) and as @ctrl/plex asks (query); a size that is no number is a 400.
        int total = filmHistory().size();
        given().header("X-Plex-Token", LibraryStandIn.USER).accept("application/json")
                .header("X-Plex-Container-Start", "0").header("X-Plex-Container-Size", "1")
                .queryParam("metadataItemID", "1001").get("/status/sessions/history/all").then().statusCode(200)
                .body("MediaContainer.Metadata.size()", equalTo(1)).body("MediaContainer.totalSize", equalTo(total));
        given().header("X-Plex-Token", LibraryStandIn.USER).accept("application/json")
                .queryParam("X-Plex-Container-Start", total).queryParam("metadataItemID", "1001")
                .get("/status/sessions/history/all").then().statusCode(200)
                .body("MediaContainer.offset", equalTo(total)).body("MediaContainer.size", equalTo(0));
        given().header("X-Plex-Token", LibraryStandIn.USER).queryParam("X-Plex-Container-Size", "ten")
                .get("/status/sessions/history/all").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("X-Plex-Container-Size must be a whole number"));

        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), Topics.PLAYBACK)) {
            var records = reader.await(r -> r.key().equals(sessionId) && r.value().contains("playback.stopped"),
                    Duration.ofSeconds(20));
            assertFalse(records.isEmpty(), "playback.stopped reached Kafka");
            List<String> types = reader.await(r -> r.key().equals(sessionId), Duration.ofSeconds(1)).stream()
                    .map(r -> CinemeshEvent.fromJson(r.value()).type()).toList();
            assertTrue(types.containsAll(List.of("playback.started", "playback.paused", "playback.watched",
                    "playback.stopped")), types.toString());
            assertEquals(1, types.stream().filter("playback.watched"::equals).count());
            CinemeshEvent stopped = reader.await(r -> r.key().equals(sessionId), Duration.ofSeconds(1)).stream()
                    .map(r -> CinemeshEvent.fromJson(r.value())).filter(e -> e.type().equals("playback.stopped"))
                    .findFirst().orElseThrow();
            assertEquals(11800L, stopped.number("viewOffsetMs"));
            assertEquals("true", stopped.text("watched"), "library-service keeps no resume point for a watched play");
            assertEquals(7L, stopped.number("userId"));
            assertEquals("1001", stopped.text("ratingKey"));
            assertEquals(client, stopped.text("clientIdentifier"));
            // What the gateway's "playing" notification and its share filter read.
            assertEquals("stopped", stopped.text("state"));
            assertNotNull(stopped.text("sessionKey"));
            assertNotNull(stopped.number("sectionId"));
        }
    }

    @Test
    void historyFiltersPagesAndDeletes() {
        String client = "history-" + UUID.randomUUID();
        report(LibraryStandIn.OWNER, client, "", "1005", "stopped", 11000);
        report(LibraryStandIn.USER, client + "-b", "", "1001", "stopped", 11900);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .queryParam("librarySectionID", 2).get("/status/sessions/history/all").then().statusCode(200)
                .body("MediaContainer.Metadata.ratingKey", org.hamcrest.Matchers.everyItem(equalTo("1005")))
                .body("MediaContainer.Metadata[0].type", equalTo("track"))
                .body("MediaContainer.Metadata[0].grandparentTitle", equalTo("Artist"));
        given().header("X-Plex-Token", LibraryStandIn.OWNER).get("/status/sessions/history/all?librarySectionID=2")
                .then().body(containsString("<Track"));
        // A key library-service does not know, and no row has, matches nothing.
        given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .queryParam("metadataItemID", 104).get("/status/sessions/history/all").then().statusCode(200).body("MediaContainer.size", equalTo(0));
        given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json").queryParam("accountID", 7)
                .get("/status/sessions/history/all").then().statusCode(200)
                .body("MediaContainer.Metadata.accountID", org.hamcrest.Matchers.everyItem(equalTo(7)));
        given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .queryParam("viewedAt>", System.currentTimeMillis() / 1000 + 3600)
                .get("/status/sessions/history/all").then().statusCode(200).body("MediaContainer.size", equalTo(0));
        int total = given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .header("X-Plex-Container-Size", "0").get("/status/sessions/history/all").then().statusCode(200)
                .header("X-Plex-Container-Total-Size", org.hamcrest.Matchers.notNullValue())
                .body("MediaContainer.size", equalTo(0)).extract().jsonPath().getInt("MediaContainer.totalSize");
        assertTrue(total >= 2);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .queryParam("X-Plex-Container-Start", 0).queryParam("X-Plex-Container-Size", 1)
                .get("/status/sessions/history/all").then().body("MediaContainer.Metadata", hasSize(1));
        // the user sees only their own history, and cannot delete the owner's
        JsonPath mine = given().header("X-Plex-Token", LibraryStandIn.USER).accept("application/json")
                .get("/status/sessions/history/all").then().extract().jsonPath();
        assertTrue(mine.getList("MediaContainer.Metadata.accountID").stream().allMatch(a -> a.equals(7)));
        String ownersKey = given().header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .queryParam("accountID", 1).get("/status/sessions/history/all").then().extract().jsonPath()
                .getString("MediaContainer.Metadata[0].historyKey");
        given().header("X-Plex-Token", LibraryStandIn.USER).delete(ownersKey).then().statusCode(404);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).delete(ownersKey).then().statusCode(200);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).delete(ownersKey).then().statusCode(404);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).queryParam("sort", "title")
                .get("/status/sessions/history/all").then().statusCode(400);
    }

    @Test
    void historyOfAnAlbumOrArtistListsItsTracks() {
        String client = "leaves-" + UUID.randomUUID();
        report(LibraryStandIn.USER, client, "", "1005", "stopped", 11000);
        int calls = LibraryStandIn.LEAVES_CALLS.get();
        for (String container : new String[] {LibraryStandIn.ALBUM, LibraryStandIn.ARTIST}) {
            List<String> keys = given().header("X-Plex-Token", LibraryStandIn.USER).accept("application/json")
                    .queryParam("metadataItemID", container).get("/status/sessions/history/all").then()
                    .statusCode(200).extract().jsonPath().getList("MediaContainer.Metadata.ratingKey");
            assertTrue(keys != null && !keys.isEmpty() && keys.stream().allMatch("1005"::equals),
                    container + " lists its track's plays: " + keys);
        }
        assertEquals(calls + 2, LibraryStandIn.LEAVES_CALLS.get(), "one library call per history query");
        // a leaf lists only itself, and an item library-service does not know still matches its own rows
        report(LibraryStandIn.USER, client + "-film", "", "1001", "stopped", 11900);
        given().header("X-Plex-Token", LibraryStandIn.USER).accept("application/json")
                .queryParam("metadataItemID", "1001").get("/status/sessions/history/all").then().statusCode(200)
                .body("MediaContainer.Metadata.ratingKey", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty()))
                .body("MediaContainer.Metadata.ratingKey", org.hamcrest.Matchers.everyItem(equalTo("1001")));
        given().header("X-Plex-Token", LibraryStandIn.USER).accept("application/json")
                .queryParam("metadataItemID", "987654").get("/status/sessions/history/all").then()
                .statusCode(200).body("MediaContainer.size", equalTo(0));
        given().header("X-Plex-Token", LibraryStandIn.USER).queryParam("metadataItemID", "album")
                .get("/status/sessions/history/all").then().statusCode(400)
                .body(containsString("metadataItemID must be a number"));
    }

    @Test
    void badReportsAndUnsharedItemsAreRefused() {
        player(LibraryStandIn.USER, "c-bad", "").queryParam("ratingKey", "1002").queryParam("state", "playing")
                .queryParam("time", 0).post("/:/timeline").then().statusCode(404);
        player(LibraryStandIn.USER, "c-bad", "").queryParam("ratingKey", "1001").queryParam("state", "dancing")
                .queryParam("time", 0).post("/:/timeline").then().statusCode(400)
                .body(containsString("state must be one of"));
        player(LibraryStandIn.USER, "c-bad", "").queryParam("ratingKey", "1001").queryParam("state", "playing")
                .queryParam("time", "soon").get("/:/timeline").then().statusCode(400);
        given().header("X-Plex-Token", LibraryStandIn.USER).queryParam("ratingKey", "1001")
                .queryParam("state", "playing").queryParam("time", 0).post("/:/timeline").then().statusCode(400)
                .body(containsString("X-Plex-Client-Identifier"));
        // the JSON answer plexjs validates
        player(LibraryStandIn.USER, "c-json", "").accept("application/json").queryParam("ratingKey", "1001")
                .queryParam("state", "stopped").queryParam("time", 0).post("/:/timeline").then().statusCode(200)
                .header("Content-Type", "application/json").body("MediaContainer.size", equalTo(0));
    }

    @Test
    void theOwnerTerminatesAPlaybackAndSilentPlayersExpire() throws Exception {
        String client = "term-" + UUID.randomUUID();
        report(LibraryStandIn.USER, client, "", "1001", "playing", 2000);
        String base = "MediaContainer.Metadata.find { it.Player.machineIdentifier == '" + client + "' }";
        String id = sessions(LibraryStandIn.OWNER).getString(base + ".Session.id");
        given().header("X-Plex-Token", LibraryStandIn.USER).queryParam("sessionId", id).queryParam("reason", "bed")
                .post("/status/sessions/terminate").then().statusCode(403);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).queryParam("sessionId", id).queryParam("reason", "bed")
                .post("/status/sessions/terminate").then().statusCode(200);
        assertFalse(players()
                .contains(client));
        given().header("X-Plex-Token", LibraryStandIn.OWNER).queryParam("sessionId", id)
                .post("/status/sessions/terminate").then().statusCode(404);

        // a player that stops reporting: once its last report is older than the idle timeout, any replica ends it
        String silent = "silent-" + UUID.randomUUID();
        report(LibraryStandIn.USER, silent, "", "1001", "playing", 3000);
        var cfg = ConfigProvider.getConfig();
        String url = "jdbc:postgresql://" + cfg.getValue("cinemesh.db.host", String.class) + ":"
                + cfg.getValue("cinemesh.db.port", String.class) + "/" + cfg.getValue("cinemesh.db.name", String.class);
        try (Connection c = DriverManager.getConnection(url, cfg.getValue("cinemesh.db.user", String.class), "")) {
            c.createStatement().executeUpdate("UPDATE stream.stream_session SET updated_at = now() - interval '2 "
                    + "minutes' WHERE client_identifier = '" + silent + "'");
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (players()
                .contains(silent)) {
            assertTrue(System.currentTimeMillis() < deadline, "the silent session expired");
            Thread.sleep(200);
        }
    }
}
