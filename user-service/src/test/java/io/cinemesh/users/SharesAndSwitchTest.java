package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shares decide what a user may see; the owner switches to managed users behind their PIN. */
@QuarkusTest
class SharesAndSwitchTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Test
    void aManagedUsersAccessListsOnlyItsSharedSections() {
        long kid = Api.createManaged(Api.unique("kid"), "4821");
        given().header("X-Plex-Token", Api.OWNER).contentType(ContentType.JSON)
                .body(Map.of("sectionIds", List.of(5, 2, 5), "contentRatingLimit", "PG"))
                .put("/api/v2/admin/users/" + kid + "/shares").then().statusCode(200)
                .body("sectionIds", contains(2, 5));

        String address = Api.freshAddress();
        // Switching needs the PIN: none or a wrong one is refused.
        given().header("X-Plex-Token", Api.OWNER).header("X-Forwarded-For", address)
                .post("/api/v2/home/users/" + kid + "/switch").then().statusCode(401)
                .body("errors[0].message", containsString("PIN"));
        given().header("X-Plex-Token", Api.OWNER).header("X-Forwarded-For", address).queryParam("pin", "0000")
                .post("/api/v2/home/users/" + kid + "/switch").then().statusCode(401)
                .body("errors[0].message", equalTo("Wrong PIN"));
        String kidToken = given().header("X-Plex-Token", Api.OWNER).header("X-Forwarded-For", address)
                .queryParam("pin", "4821").post("/api/v2/home/users/" + kid + "/switch").then().statusCode(201)
                .body("restricted", equalTo(true)).body("authToken", startsWith("cm1."))
                .extract().path("authToken");

        given().header("X-Plex-Token", kidToken).get("/internal/users/" + kid + "/access").then().statusCode(200)
                .body("userId", equalTo((int) kid))
                .body("kind", equalTo("managed"))
                .body("allSections", equalTo(false))
                .body("sectionIds", contains(2, 5))
                .body("contentRatingLimit", equalTo("PG"));
        // A user may not read another's access, nor use the admin API.
        given().header("X-Plex-Token", kidToken).get("/internal/users/1/access").then().statusCode(403);
        given().header("X-Plex-Token", kidToken).get("/api/v2/admin/users").then().statusCode(403);
        // The managed user cannot switch onwards.
        given().header("X-Plex-Token", kidToken).queryParam("pin", "4821")
                .post("/api/v2/home/users/" + kid + "/switch").then().statusCode(403);

        // The owner sees everything; a user with nothing shared sees nothing.
        given().header("X-Plex-Token", Api.OWNER).get("/internal/users/1/access").then().statusCode(200)
                .body("allSections", equalTo(true)).body("kind", equalTo("owner"));
        long lonely = Api.createUser(Api.unique("lonely"), "lonely-password");
        given().header("X-Plex-Token", Api.OWNER).get("/internal/users/" + lonely + "/access").then()
                .statusCode(200).body("allSections", equalTo(false)).body("sectionIds", empty())
                .body("contentRatingLimit", nullValue());
        given().header("X-Plex-Token", Api.OWNER).get("/internal/users/999999/access").then().statusCode(404);

        // Unsharing a section is one PUT away, and other services hear of it on user.events.
        given().header("X-Plex-Token", Api.OWNER).contentType(ContentType.JSON)
                .body(Map.of("sectionIds", List.of(2), "contentRatingLimit", "PG"))
                .put("/api/v2/admin/users/" + kid + "/shares").then().statusCode(200);
        given().header("X-Plex-Token", kidToken).get("/internal/users/" + kid + "/access").then()
                .body("sectionIds", contains(2));
        try (TopicReader events = new TopicReader(kafka.bootstrapServers(), Topics.USER)) {
            var hits = events.await(r -> r.key().equals(Long.toString(kid))
                    && CinemeshEvent.fromJson(r.value()).type().equals("share.changed"), Duration.ofSeconds(30));
            assertFalse(hits.isEmpty(), "no share.changed on user.events");
        }
        given().header("X-Plex-Token", Api.OWNER).get("/api/v2/admin/shares").then().statusCode(200)
                .body("find { it.userId == " + kid + " }.sectionIds", contains(2));
    }

    @Test
    void aManagedUserWithoutAPinIsSwitchedToDirectlyAndAppearsInTheHome() {
        String name = Api.unique("toddler");
        long id = Api.createManaged(name, null);
        String token = given().header("X-Plex-Token", Api.OWNER).post("/api/v2/home/users/" + id + "/switch")
                .then().statusCode(201).extract().path("authToken");
        given().header("X-Plex-Token", token).get("/api/v2/user").then().statusCode(200)
                .body("username", equalTo(name)).body("protected", equalTo(false));
        given().header("X-Plex-Token", Api.OWNER).get("/api/v2/home/users").then().statusCode(200)
                .body("users.username", hasItem(name));
        // Switching to a user with a password is refused: they sign in themselves.
        long adult = Api.createUser(Api.unique("adult"), "adults-password");
        given().header("X-Plex-Token", Api.OWNER).post("/api/v2/home/users/" + adult + "/switch").then()
                .statusCode(400).body("errors[0].message", containsString("managed users"));
    }

    @Test
    void wrongPinsAreThrottled() {
        long kid = Api.createManaged(Api.unique("teen"), "9090");
        int throttledAt = -1;
        for (int i = 0; i < 10 && throttledAt < 0; i++) {
            int status = given().header("X-Plex-Token", Api.OWNER).header("X-Forwarded-For", Api.freshAddress())
                    .queryParam("pin", String.format("%04d", i)).post("/api/v2/home/users/" + kid + "/switch")
                    .statusCode();
            if (status == 429) {
                throttledAt = i;
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(5, throttledAt, "PIN guesses are blocked after 5");
    }
}
