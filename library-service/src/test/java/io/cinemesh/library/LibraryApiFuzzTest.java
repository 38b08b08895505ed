package io.cinemesh.library;

import static io.cinemesh.library.LibraryScanAndBrowseTest.json;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PlexRequestFuzzer;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against every library-service route, on a scanned library (so small ids name real items),
 * from the owner and from a friend with one shared section: no answer is a 5xx or shows a stack trace or the
 * caller's token. Its own profile, so its own database: the fuzz edits, moves and deletes what it finds.
 * Counts go to SECURITY.md; the seed is fixed so a finding replays.
 */
@QuarkusTest
@TestProfile(LibraryApiFuzzTest.Own.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
class LibraryApiFuzzTest {

    private static final Logger LOG = Logger.getLogger(LibraryApiFuzzTest.class);

    public static class Own implements QuarkusTestProfile {
    }

    static final List<String> ROUTES = List.of("/", "/library", "/library/sections", "/library/sections/{id}",
            "/library/sections/{id}/all", "/library/sections/{id}/refresh", "/library/sections/{id}/genre",
            "/library/sections/{id}/year", "/library/sections/{id}/collection", "/library/sections/{id}/filters",
            "/library/sections/{id}/sorts", "/library/sections/{id}/firstCharacter", "/library/sections/{id}/albums",
            "/library/sections/{id}/onDeck", "/library/sections/{id}/recentlyAdded", "/library/sections/{id}/search",
            "/library/sections/{id}/timeline", "/library/sections/{id}/collections", "/library/sections/{id}/unwatched",
            "/library/sections/{id}/folder", "/library/sections/{id}/newest", "/library/sections/{id}/recentlyViewed",
            "/library/sections/{id}/continueWatching/items", "/library/all", "/library/onDeck",
            "/library/recentlyAdded", "/library/search", "/library/metadata/{id}", "/library/metadata/{id},{id}",
            "/library/metadata/{id}/children", "/library/metadata/{id}/allLeaves", "/library/metadata/{id}/thumb",
            "/library/metadata/{id}/thumb/{ts}", "/library/metadata/{id}/art/{ts}", "/library/metadata/{id}/similar",
            "/library/metadata/{id}/related", "/library/collections", "/library/collections/{id}",
            "/library/collections/{id}/children", "/library/collections/{id}/items",
            "/library/collections/{id}/items/{item}", "/library/parts/{id}", "/library/streams/{id}", "/hubs",
            "/hubs/search", "/hubs/continueWatching", "/hubs/continueWatching/items", "/hubs/sections/{id}",
            "/playlists", "/playlists/{id}", "/playlists/{id}/items", "/playlists/{id}/items/{entry}",
            "/playlists/{id}/items/{entry}/move", "/playQueues", "/playQueues/{id}", "/playQueues/{id}/items",
            "/playQueues/{id}/items/{item}", "/playQueues/{id}/items/{item}/move", "/playQueues/{id}/shuffle",
            "/playQueues/{id}/unshuffle", "/:/progress", "/:/rate", "/:/scrobble", "/:/unscrobble", "/activities",
            "/internal/parts/{id}", "/internal/items/{id}/parts", "/internal/users/{id}/access");
    static final List<String> PARAMS = List.of("title>", "year>>", "addedAt>>", "viewCount", "unwatched",
            "show.title", "artist.id", "album.title", "push", "pop", "or", "and", "viewOffset", "afterID", "to",
            "playlistID", "includeCollections", "includeExternalMedia", "sectionID", "contentRating.value",
            "title.value", "summary.value", "genre[0].tag.tag", "genre[].tag.tag-", "excludeFields", "count",
            "searchTypes", "hubIdentifier", "parent", "query", "includeRelated", "includeOnDeck");

    /** The scanned fixture library's ids are small numbers. */
    static final List<String> IDS = java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(String::valueOf).toList();

    @Test
    void noHostileRequestGetsA5xxAStackTraceOrItsTokenBack() {
        // This profile's own database starts empty (the shared sections map may name another database's).
        for (String[] w : new String[][] {{"Movies", "movie", "Movies"}, {"TV Shows", "show", "TV"},
            {"Music", "artist", "Music"}}) {
            json().queryParam("name", w[0]).queryParam("type", w[1])
                    .queryParam("location", MediaLibrary.root.resolve(w[2]).toString())
                    .post("/library/sections").then().statusCode(200);
        }
        LibraryScanAndBrowseTest.awaitIdle();
        // One playlist and one play queue, so their ids can be hit too.
        String film = json().get("/library/all?type=1").jsonPath().getString("MediaContainer.Metadata[0].ratingKey");
        json().queryParam("type", "video").queryParam("title", "fuzz").queryParam("smart", "0")
                .queryParam("uri", PlaylistsPlayQueuesAndEditsTest.uri(film)).post("/playlists").then().statusCode(200);
        json().queryParam("type", "video").queryParam("uri", PlaylistsPlayQueuesAndEditsTest.uri(film))
                .post("/playQueues").then().statusCode(200);
        String movies = json().get("/library/sections").jsonPath()
                .getString("MediaContainer.Directory.find { it.type == 'movie' }.key");
        UserServiceStandIn.ACCESS.put(41L, "{\"userId\":41,\"name\":\"fuzzy\",\"kind\":\"USER\","
                + "\"allSections\":false,\"sectionIds\":[" + movies + "],\"contentRatingLimit\":\"PG-13\"}");
        String friend = UserServiceStandIn.token(41, "fuzzy", io.cinemesh.tokens.CallerKind.USER, "tok-41");

        int port = RestAssured.port;
        PlexRequestFuzzer.Report asOwner = new PlexRequestFuzzer(20261206L, ROUTES, PARAMS, IDS,
                LibraryScanAndBrowseTest.OWNER).run("127.0.0.1", port, 2500);
        PlexRequestFuzzer.Report asFriend = new PlexRequestFuzzer(7L, ROUTES, PARAMS, IDS, friend)
                .run("127.0.0.1", port, 1000);
        LOG.infof("library-service fuzz, owner: %s", asOwner.summary());
        LOG.infof("library-service fuzz, friend: %s", asFriend.summary());

        List<PlexRequestFuzzer.Finding> findings = new java.util.ArrayList<>(asOwner.findings());
        findings.addAll(asFriend.findings());
        assertTrue(findings.isEmpty(), PlexRequestFuzzer.describe(findings));
        assertTrue(asOwner.statuses().getOrDefault(200, 0) > 250,
                "the fuzz reaches real answers, not only refusals: " + asOwner.statuses());
    }
}
