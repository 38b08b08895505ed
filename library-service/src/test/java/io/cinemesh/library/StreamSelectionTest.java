package io.cinemesh.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.MediaFixtures;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.cinemesh.tokens.CallerKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
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
 * A user's audio and subtitle choice as Plex apps make it ({@code PUT /library/parts/{id}}) and read it back
 * ({@code selected="1"} on the part's streams), per user, on a real film with two audio tracks, an embedded and a
 * sidecar subtitle.
 */
@QuarkusTest
@TestProfile(StreamSelectionTest.Own.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamSelectionTest {

    /** Another member of the home, who shares the owner's section but not the owner's choices. */
    static final long FRIEND = 31;
    /** A managed user limited to G: the rated-R film's part does not exist for them. */
    static final long KID = 32;

    static Path root;
    static String movie;
    static long part;
    static long english;
    static long french;
    static long embeddedSub;
    static long sidecarSub;

    /** Its own profile, so its own application and database (see ContentRatingTest). */
    public static class Own implements QuarkusTestProfile {
    }

    @BeforeAll
    static void dubbedFilm() throws IOException {
        root = Files.createDirectories(MediaLibrary.root.resolve("Dubbed/Movies"));
        Path srt = Files.writeString(root.resolve("cue.srt.txt"), "1\n00:00:00,500 --> 00:00:01,500\nHello\n\n");
        Path film = root.resolve("Dubbed Film (2020).mkv");
        if (!Files.exists(film)) {
            MediaFixtures.ffmpeg(List.of("-i", MediaFixtures.videoStub(2).toString(), "-f", "lavfi", "-i",
                    "sine=frequency=220:sample_rate=48000", "-f", "srt", "-i", srt.toString(), "-map", "0:v", "-map",
                    "0:a", "-map", "1:a", "-map", "2", "-t", "2", "-c:v", "copy", "-c:a", "aac", "-ac:a:1", "1",
                    "-c:s", "srt", "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fra",
                    "-metadata:s:s:0", "language=eng", "-metadata", "LAW_RATING=R"), film);
        }
        Files.delete(srt);
        Files.writeString(root.resolve("Dubbed Film (2020).fr.srt"), "1\n00:00:00,500 --> 00:00:01,500\nBonjour\n\n");
    }

    static RequestSpecification owner() {
        return given().header("X-Plex-Token", LibraryScanAndBrowseTest.OWNER).accept("application/json");
    }

    static JsonPath streams(RequestSpecification who) {
        return who.get("/library/metadata/" + movie).then().statusCode(200).extract().jsonPath()
                .setRootPath("MediaContainer.Metadata[0].Media[0].Part[0]");
    }

    static long id(JsonPath streams, String find) {
        Object v = streams.get("Stream.find { " + find + " }.id");
        assertNotNull(v, "no stream where " + find);
        return ((Number) v).longValue();
    }

    @Test
    @Order(1)
    void aFilmsTracksAreListedWithTheDefaultAudioSelected() {
        String section = owner().queryParam("name", "Dubbed").queryParam("type", "movie")
                .queryParam("location", root.toString()).post("/library/sections")
                .then().statusCode(200).extract().path("MediaContainer.Directory[0].key");
        LibraryScanAndBrowseTest.awaitIdle();
        movie = owner().get("/library/sections/" + section + "/all").then().statusCode(200)
                .extract().path("MediaContainer.Metadata[0].ratingKey");
        JsonPath s = streams(owner());
        part = ((Number) s.get("id")).longValue();
        english = id(s, "it.streamType == 2 && it.languageCode == 'eng'");
        french = id(s, "it.streamType == 2 && it.languageCode == 'fra'");
        embeddedSub = id(s, "it.streamType == 3 && it.key == null");
        sidecarSub = id(s, "it.streamType == 3 && it.key != null");
        assertEquals(List.of(english), s.getList("Stream.findAll { it.selected == true }.id", Long.class));
    }

    @Test
    @Order(2)
    void theOwnersChoiceIsKeptAndShownAsSelected() {
        owner().queryParam("audioStreamID", french).queryParam("allParts", 1).put("/library/parts/" + part).then()
                .statusCode(200);
        owner().queryParam("subtitleStreamID", sidecarSub).put("/library/parts/" + part).then().statusCode(200);
        JsonPath s = streams(owner());
        assertEquals(List.of(french, sidecarSub), s.getList("Stream.findAll { it.selected == true }.id", Long.class));
        // XML clients (python-plexapi) read the same attribute.
        given().header("X-Plex-Token", LibraryScanAndBrowseTest.OWNER).get("/library/metadata/" + movie).then()
                .body("MediaContainer.Video.Media.Part.Stream.find { it.@id == '" + french + "' }.@selected",
                        equalTo("1"));
        // stream-service reads the choice from the internal parts API.
        owner().get("/internal/items/" + movie + "/parts").then().statusCode(200)
                .body("[0].streams.find { it.id == " + french + " }.selected", equalTo(true))
                .body("[0].streams.find { it.id == " + english + " }.selected", equalTo(false))
                .body("[0].subtitles.find { it.id == " + sidecarSub + " }.selected", equalTo(true));
    }

    @Test
    @Order(3)
    void choicesArePerUserAndSubtitlesCanBeTurnedOff() {
        UserServiceStandIn.ACCESS.put(FRIEND, "{\"userId\":" + FRIEND + ",\"name\":\"friend\",\"kind\":\"USER\","
                + "\"allSections\":true,\"sectionIds\":[]}");
        RequestSpecification friend = given().header("X-Plex-Token", UserServiceStandIn.token(FRIEND, "friend", CallerKind.USER, "tok-friend"))
                .accept("application/json");
        assertEquals(List.of(english), streams(friend).getList("Stream.findAll { it.selected == true }.id",
                Long.class));
        friend.queryParam("subtitleStreamID", embeddedSub).put("/library/parts/" + part).then().statusCode(200);
        assertEquals(List.of(english, embeddedSub), streams(friend).getList("Stream.findAll { it.selected == true }.id",
                Long.class));
        // The owner's choice is untouched; then the owner turns subtitles off and keeps the French track.
        owner().queryParam("subtitleStreamID", 0).put("/library/parts/" + part).then().statusCode(200);
        assertEquals(List.of(french), streams(owner()).getList("Stream.findAll { it.selected == true }.id",
                Long.class));
    }

    @Test
    @Order(4)
    void aWrongChoiceIsAClear400AndAnUnseenPartA404() {
        owner().put("/library/parts/" + part).then().statusCode(400).body(containsString("audioStreamID"));
        owner().queryParam("audioStreamID", sidecarSub).put("/library/parts/" + part).then().statusCode(400)
                .body(containsString("not an audio stream of part " + part));
        owner().queryParam("subtitleStreamID", english).put("/library/parts/" + part).then().statusCode(400)
                .body(containsString("not a subtitle stream"));
        owner().queryParam("audioStreamID", "french").put("/library/parts/" + part).then().statusCode(400)
                .body(containsString("audioStreamID must be a number"));
        owner().queryParam("audioStreamID", french).put("/library/parts/99999999").then().statusCode(404);
        owner().queryParam("audioStreamID", french).put("/library/parts/abc").then().statusCode(404);
        UserServiceStandIn.ACCESS.put(KID, "{\"userId\":" + KID + ",\"name\":\"kid\",\"kind\":\"MANAGED\","
                + "\"allSections\":true,\"sectionIds\":[],\"contentRatingLimit\":\"G\"}");
        given().header("X-Plex-Token", UserServiceStandIn.token(KID, "kid", CallerKind.MANAGED, "tok-kid")).queryParam("audioStreamID", french)
                .put("/library/parts/" + part).then().statusCode(404);
        // Nothing of that reached the owner's choice.
        assertEquals(List.of(french), streams(owner()).getList("Stream.findAll { it.selected == true }.id",
                Long.class));
    }
}
