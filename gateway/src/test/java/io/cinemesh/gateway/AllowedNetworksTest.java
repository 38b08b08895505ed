package io.cinemesh.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With loopback allowed without auth, a token-less client acts as the owner, at the gateway and beyond it. */
@QuarkusTest
@TestProfile(AllowedNetworksTest.LoopbackAllowed.class)
class AllowedNetworksTest {

    public static class LoopbackAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cinemesh.allowed-networks", "127.0.0.1/32");
        }
    }

    @Test
    void loopbackGetsInWithoutAToken() throws InterruptedException {
        for (int i = 0; i < 100 && given().get("/identity").statusCode() != 200; i++) {
            Thread.sleep(200);
        }
        given().get("/").then().statusCode(200)
                .body("MediaContainer.@machineIdentifier", equalTo(EchoUpstreams.MACHINE_ID));
        given().get("/library/sections").then().statusCode(200)
                .body("headers.x-plex-token", startsWith("cm1."));
    }

    @Test
    void theForwardedOwnerCredentialIsNotTheClientsToReuse() throws InterruptedException {
        loopbackGetsInWithoutAToken();
        // What the gateway forwards inside (the stand-in services echo it) is refused when a client presents it,
        // so a page that once read it (e.g. from /api/v2/user) cannot use it from anywhere.
        String forwarded = given().get("/library/sections").then().statusCode(200)
                .extract().path("headers.x-plex-token");
        given().header("X-Plex-Token", forwarded).get("/library/sections").then().statusCode(401)
                .body(not(containsString("cm1.")));
        given().queryParam("X-Plex-Token", forwarded).get("/api/v2/user").then().statusCode(401);
        given().header("X-Plex-Token", forwarded).get("/").then().statusCode(401);
    }

    @Test
    void aPageFromAnotherOriginCannotActThroughAnAllowedClient() {
        // A browser on the allowed network visiting a hostile page: the page's requests carry its Origin.
        given().header("Origin", "https://evil.example").get("/library/sections").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .body(not(containsString("cm1.")));
        given().header("Origin", "https://evil.example").contentType("application/x-www-form-urlencoded")
                .formParam("name", "intruder").post("/api/v2/admin/users").then().statusCode(403);
    }

    @Test
    void aWrongTokenIsStillRefused() {
        given().header("X-Plex-Token", "wrong").get("/library/sections").then().statusCode(401);
    }
}
