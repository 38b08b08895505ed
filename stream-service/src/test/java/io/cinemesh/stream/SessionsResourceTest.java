package io.cinemesh.stream;

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
class SessionsResourceTest {

    @Test
    void noSessionsIsAnEmptyContainerAndATokenIsNeeded() {
        given().header("X-Plex-Token", "test-owner-token").accept("application/json").get("/status/sessions")
                .then().statusCode(200).header("Content-Type", "application/json")
                .body("MediaContainer.size", equalTo(0));
        given().get("/status/sessions").then().statusCode(401);
    }
}
