package io.cinemesh.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class LibraryResourceTest {

    static final String OWNER = "test-owner-token";

    @Test
    void libraryRootCarriesTheIdentifierClientsBuildUrisFrom() {
        given().header("X-Plex-Token", OWNER).get("/library").then().statusCode(200)
                .body("MediaContainer.@identifier", equalTo("com.plexapp.plugins.library"))
                .body("MediaContainer.@title1", equalTo("Plex Library"));
    }

    @Test
    void sectionsListIsAPlexContainerInBothFormats() {
        given().header("X-Plex-Token", OWNER).get("/library/sections").then().statusCode(200)
                .body("MediaContainer.@size", equalTo("0"));
        given().header("X-Plex-Token", OWNER).accept("application/json").get("/library/sections/all").then()
                .statusCode(200).header("Content-Type", "application/json")
                .body("MediaContainer.size", equalTo(0));
        given().get("/library/sections").then().statusCode(401);
    }
}
