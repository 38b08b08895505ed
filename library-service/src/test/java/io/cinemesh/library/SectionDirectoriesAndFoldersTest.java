package io.cinemesh.library;

import static io.cinemesh.library.LibraryScanAndBrowseTest.awaitIdle;
import static io.cinemesh.library.LibraryScanAndBrowseTest.json;
import static io.cinemesh.library.LibraryScanAndBrowseTest.owner;
import static io.cinemesh.library.LibraryScanAndBrowseTest.raw;
import static io.cinemesh.library.PlaylistsPlayQueuesAndEditsTest.friend;
import static io.cinemesh.library.PlaylistsPlayQueuesAndEditsTest.sections;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.xml.XmlPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code GET /library/sections/{id}} lists, followed as an old Plex client or python-plexapi follows it: every
 * directory key of every section type answers, the shortcuts select what their titles say, and By Folder shows the
 * files as they lie on disk, reaching every item and nothing outside the section.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
class SectionDirectoriesAndFoldersTest {

    /** The keys PMS lists per section type, less those whose data Cinemesh does not keep (resolution, rating …). */
    static final Map<String, List<String>> EXPECTED = Map.of(
            "movie", List.of("all", "unwatched", "newest", "recentlyAdded", "recentlyViewed", "onDeck", "collection",
                    "genre", "year", "decade", "director", "actor", "country", "contentRating", "firstCharacter",
                    "folder", "search?type=1"),
            "show", List.of("all", "unwatched", "newest", "recentlyAdded", "recentlyViewed", "onDeck", "collection",
                    "genre", "year", "contentRating", "firstCharacter", "folder", "search?type=2", "search?type=4"),
            "artist", List.of("all", "albums", "recentlyAdded", "recentlyViewed", "collection", "genre", "decade",
                    "year", "firstCharacter", "folder", "search?type=8", "search?type=9", "search?type=10"),
            "photo", List.of("all", "recentlyAdded", "year", "folder", "search?type=13"));

    @BeforeEach
    void library() {
        new PlaylistsPlayQueuesAndEditsTest().library();
        if (!sections.containsKey("photo")) {
            json().queryParam("name", "Photos").queryParam("type", "photo")
                    .queryParam("location", MediaLibrary.root.resolve("Photos").toString())
                    .post("/library/sections").then().statusCode(200);
            awaitIdle();
            sections.clear();
            new PlaylistsPlayQueuesAndEditsTest().library();
        }
    }

    @Test
    void everyListedDirectoryOfEverySectionTypeAnswers() {
        for (var e : EXPECTED.entrySet()) {
            String base = "/library/sections/" + sections.get(e.getKey());
            XmlPath listed = owner().get(base).then().statusCode(200).extract().xmlPath();
            assertEquals(e.getValue(), listed.getList("MediaContainer.Directory.@key"), e.getKey() + " directories");
            for (String key : e.getValue()) {
                // Relative keys, resolved against the section as clients do.
                JsonPath page = json().urlEncodingEnabled(false).get(base + "/" + key).then().log().ifValidationFails()
                        .statusCode(200).extract().jsonPath();
                assertTrue(page.getMap("MediaContainer") != null, base + "/" + key);
            }
            assertEquals("1", listed.getString("MediaContainer.Directory.find { it.@key == 'genre' || "
                    + "it.@key == 'year' }.@secondary"), e.getKey() + ": a choice list is secondary");
            String search = e.getValue().stream().filter(k -> k.startsWith("search")).findFirst().orElseThrow();
            assertEquals("1", listed.getString("MediaContainer.Directory.find { it.@key == '" + search
                    + "' }.@search"), e.getKey() + ": the search prompt");
        }
    }

    @Test
    void theShortcutsSelectWhatTheirTitlesSay() {
        String movies = "/library/sections/" + sections.get("movie");
        // Earlier test classes may have played films: Unplayed is what was unplayed, less the one played here.
        List<String> before = keys(movies + "/unwatched", Map.of());
        String seen = before.isEmpty() ? keys(movies + "/all", Map.of()).get(0) : before.get(0);
        raw().queryParam("key", seen).put("/:/unscrobble").then().statusCode(200);
        List<String> unplayed = keys(movies + "/unwatched", Map.of());
        assertTrue(unplayed.contains(seen), "unscrobbled, so Unplayed: " + unplayed);
        raw().queryParam("key", seen).queryParam("identifier", "com.plexapp.plugins.library").get("/:/scrobble")
                .then().statusCode(200);
        try {
            List<String> unwatched = keys(movies + "/unwatched", Map.of());
            assertEquals(unplayed.stream().filter(k -> !k.equals(seen)).toList(), unwatched,
                    "a played film is not Unplayed; the others stay");
            assertEquals(seen, keys(movies + "/recentlyViewed", Map.of()).get(0), "Recently Viewed");
            // The caller's own filters refine a shortcut.
            assertEquals(List.of(), keys(movies + "/recentlyViewed", Map.of("title", "no such film")));
        } finally {
            if (before.contains(seen)) {
                raw().queryParam("key", seen).put("/:/unscrobble").then().statusCode(200);
            }
        }
        // The fixture's films have a year but no release date: the year orders them.
        List<Integer> years = json().get(movies + "/newest").jsonPath().getList("MediaContainer.Metadata.year");
        List<Integer> dated = years.stream().filter(y -> y != null).toList();
        assertTrue(dated.size() >= 2, "films with a year: " + years);
        assertEquals(dated.stream().sorted(java.util.Comparator.reverseOrder()).toList(), dated, "newest first");

        String tv = "/library/sections/" + sections.get("show");
        json().get(tv + "/newest").then().body("MediaContainer.Metadata.type", org.hamcrest.Matchers.everyItem(
                org.hamcrest.Matchers.equalTo("episode")));
        String music = "/library/sections/" + sections.get("artist");
        assertEquals(keys(music + "/all", Map.of("type", "9")), keys(music + "/albums", Map.of()), "By Album");
        json().get(movies + "/albums").then().statusCode(404).body("errors[0].message",
                containsString("has no 'albums' directory"));

        // Earlier test classes may have removed films: search for one that is there, by part of its title.
        String film = json().get(movies + "/all").jsonPath().getString("MediaContainer.Metadata[0].title");
        String part = film.substring(1, 4).toUpperCase(java.util.Locale.ROOT);
        List<String> titles = json().queryParam("type", 1).queryParam("query", part).get(movies + "/search")
                .jsonPath().getList("MediaContainer.Metadata.title");
        assertTrue(titles.contains(film), "the search prompt for '" + part + "': " + titles);
        assertTrue(titles.stream().allMatch(t -> t.toUpperCase(java.util.Locale.ROOT).contains(part)), "" + titles);
    }

    @Test
    void byFolderReachesEveryItemAsTheFilesLie() {
        String tv = "/library/sections/" + sections.get("show");
        XmlPath top = owner().get(tv + "/folder").then().statusCode(200).extract().xmlPath();
        // python-plexapi reads Directory elements in XML; @ctrl/plex reads JSON's Metadata, folders and items alike.
        assertEquals(List.of(top.getString("MediaContainer.Directory[0].@key")), json().get(tv + "/folder").jsonPath()
                .getList("MediaContainer.Metadata.findAll { it.key.contains('/folder?') }.key"));
        assertEquals(List.of("Show One"), top.getList("MediaContainer.Directory.@title"));
        assertEquals(List.of("Finale"), top.getList("MediaContainer.Video.@title"), "a file beside the show folder");
        String showFolder = top.getString("MediaContainer.Directory[0].@key");
        assertEquals(List.of("Season 1", "Season 2"), owner().urlEncodingEnabled(false).get(showFolder).xmlPath()
                .getList("MediaContainer.Directory.@title"));

        for (String type : EXPECTED.keySet()) {
            String base = "/library/sections/" + sections.get(type);
            Set<String> reached = new TreeSet<>();
            walk(base + "/folder", reached, new HashSet<>());
            Set<String> leaves = new TreeSet<>();
            for (int t : new int[] {1, 4, 10, 13}) {
                if (type.equals(Map.of(1, "movie", 4, "show", 10, "artist", 13, "photo").get(t))) {
                    leaves.addAll(keys(base + "/all", Map.of("type", Integer.toString(t))));
                }
            }
            assertFalse(leaves.isEmpty(), type);
            assertEquals(leaves, reached, type + ": every file's item, each folder once");
        }

        // Paged like any list: the folders first, then the items.
        JsonPath page = json().queryParam("X-Plex-Container-Start", 1).queryParam("X-Plex-Container-Size", 1)
                .get(tv + "/folder").jsonPath();
        assertEquals(2, page.getInt("MediaContainer.totalSize"));
        assertEquals(List.of("Finale"), page.getList("MediaContainer.Metadata.title"));
        assertEquals(1, page.getInt("MediaContainer.size"));
    }

    @Test
    void aFolderOutsideTheSectionIsNoFolder() {
        String movies = "/library/sections/" + sections.get("movie");
        for (String parent : List.of("../../etc", "/etc", "Movies/", "Movies/../TV/Show One", "TV/Show One",
                "Movies//The Matrix (1999)", "Movies/The Matrix (1999)/", "Movies/No Such Folder", "")) {
            int status = json().queryParam("parent", parent).get(movies + "/folder").then().extract().statusCode();
            if (parent.isEmpty()) {
                assertEquals(200, status, "no parent: the top level");
            } else {
                assertEquals(404, status, parent);
            }
        }
        json().queryParam("parent", "Movies/The Matrix (1999)").get(movies + "/folder").then().statusCode(200)
                .body("MediaContainer.Metadata.title", org.hamcrest.Matchers.hasItem("The Matrix"));
        // The section's own folders (plexjs's getFolders) open the same listing as the top level.
        JsonPath locations = json().get(movies + "/location").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(MediaLibrary.root.resolve("Movies").toString()),
                locations.getList("MediaContainer.Directory.title"));
        assertEquals(json().get(movies + "/folder").jsonPath().getList("MediaContainer.Metadata.title"),
                json().urlEncodingEnabled(false).get(locations.getString("MediaContainer.Directory[0].key"))
                        .jsonPath().getList("MediaContainer.Metadata.title"));
        // A friend with the films only has no music folders to see.
        given().header("X-Plex-Token", friend()).accept("application/json")
                .get("/library/sections/" + sections.get("artist") + "/folder").then().statusCode(404);
        given().header("X-Plex-Token", friend()).accept("application/json")
                .queryParam("parent", "Music/Björk").get(movies + "/folder").then().statusCode(404);
    }

    private static void walk(String key, Set<String> reached, Set<String> folders) {
        assertTrue(folders.add(key), "a folder listed twice: " + key);
        JsonPath page = json().urlEncodingEnabled(false).get(key).then().statusCode(200).extract().jsonPath();
        List<String> items = page.getList("MediaContainer.Metadata.findAll { it.ratingKey != null }.ratingKey");
        for (String k : items == null ? List.<String>of() : items) {
            assertTrue(reached.add(k), "an item listed twice: " + k);
        }
        List<String> subfolders = page.getList("MediaContainer.Metadata.findAll { it.ratingKey == null }.key");
        for (String sub : subfolders == null ? List.<String>of() : new ArrayList<>(subfolders)) {
            walk(sub, reached, folders);
        }
    }

    private static List<String> keys(String path, Map<String, String> params) {
        List<String> k = json().queryParams(params).get(path).then().statusCode(200).extract().jsonPath()
                .getList("MediaContainer.Metadata.ratingKey");
        return k == null ? List.of() : k;
    }
}
