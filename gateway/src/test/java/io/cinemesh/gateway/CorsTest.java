package io.cinemesh.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** Which browser pages may read the gateway's answers: its own and Plex's app, no other. */
@QuarkusTest
@QuarkusTestResource(EchoUpstreams.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class CorsTest {

    static final String OWNER = GatewayTest.OWNER;

    @Test
    void anEvilOriginCanNeitherReadNorSend() {
        given().header("Origin", "https://evil.example").header("X-Plex-Token", OWNER).get("/library/sections")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Vary", containsString("Origin"))
                .body(containsString("evil.example")).body(not(containsString("Exception")));
        given().header("Origin", "https://evil.example").header("X-Plex-Token", OWNER).get("/")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "X-Plex-Token").options("/library/sections")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        // A look-alike is not Plex's app.
        given().header("Origin", "https://app.plex.tv.evil.example").header("X-Plex-Token", OWNER)
                .get("/library/sections").then().statusCode(403);
    }

    @Test
    void plexsAppIsAllowedByDefault() {
        given().header("Origin", "https://app.plex.tv").header("X-Plex-Token", OWNER).get("/library/sections")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://app.plex.tv"))
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Access-Control-Expose-Headers", containsString("X-Plex-Container-Total-Size"))
                .header("Vary", containsString("Origin"));
        given().header("Origin", "https://app.plex.tv").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "X-Plex-Token, X-Plex-Client-Identifier")
                .options("/:/timeline").then().statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo("https://app.plex.tv"))
                .header("Access-Control-Allow-Methods", containsString("PUT"))
                .header("Access-Control-Allow-Headers", containsString("X-Plex-Client-Identifier"));
    }

    @Test
    void theServersOwnPagesAreAllowed() {
        String own = "http://localhost:" + RestAssured.port;
        given().header("Origin", own).header("X-Plex-Token", OWNER).get("/library/sections").then()
                .statusCode(200).header("Access-Control-Allow-Origin", equalTo(own));
    }

    @Test
    void clientsWithoutAnOriginAreUnaffected() {
        given().header("X-Plex-Token", OWNER).get("/library/sections").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
