package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ServerIdentityResourceTest {

    static final String OWNER = "test-owner-token";

    @Test
    void identityIsFortyHexAndStable() {
        String first = given().get("/internal/server-identity").then().statusCode(200)
                .body("machineIdentifier", matchesPattern("[0-9a-f]{40}"))
                .extract().path("machineIdentifier");
        String second = given().get("/internal/server-identity").then().extract().path("machineIdentifier");
        assertEquals(first, second);
    }

    @Test
    void renamingNeedsTheOwnerAndAValidName() {
        given().queryParam("friendlyName", "Living room").put("/internal/server-identity")
                .then().statusCode(401);
        given().header("X-Plex-Token", OWNER).queryParam("friendlyName", " ").put("/internal/server-identity")
                .then().statusCode(400).body(containsString("friendlyName must be"));
        given().header("X-Plex-Token", OWNER).queryParam("friendlyName", "Living room")
                .put("/internal/server-identity").then().statusCode(200)
                .body("friendlyName", equalTo("Living room"));
        given().get("/internal/server-identity").then().body("friendlyName", equalTo("Living room"));
    }

    @Test
    void accountsNeedATokenAndListTheOwnerInBothFormats() {
        given().get("/accounts").then().statusCode(401)
                .body(containsString("<Response code=\"401\""));
        given().accept("application/json").get("/accounts").then().statusCode(401)
                .header("Content-Type", "application/json")
                .body("errors[0].code", equalTo(401));
        given().header("X-Plex-Token", OWNER).get("/accounts").then().statusCode(200)
                .header("Content-Type", "text/xml;charset=utf-8")
                .body("MediaContainer.Account[0].@id", equalTo("1"))
                .body("MediaContainer.Account[0].@name", equalTo("owner"));
        given().header("X-Plex-Token", OWNER).accept("application/json").get("/accounts").then().statusCode(200)
                .header("Content-Type", "application/json")
                .body("MediaContainer.Account[0].id", equalTo(1))
                .body("MediaContainer.Account[0].name", equalTo("owner"));
        given().queryParam("X-Plex-Token", OWNER).get("/accounts").then().statusCode(200);
        given().header("X-Plex-Token", "cm1.forged.token").get("/accounts").then().statusCode(401);
    }

    @Test
    void unknownPathsAnswerAPlex404() {
        given().header("X-Plex-Token", OWNER).get("/no/such/thing").then().statusCode(404)
                .body(containsString("<Response code=\"404\""));
    }
}
