package io.cinemesh.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.cinemesh.tokens.CallerKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A service that starts with an empty revocation list, on a user.events topic that never carried (or no longer
 * holds) the revocations, still refuses the revoked tokens: it loads them from user-service at start.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(UserServiceStandIn.class)
class RevocationAtStartTest {

    /** Health answers on the management port only. */
    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    static String token(long userId, String tokenId) {
        return UserServiceStandIn.token(userId, "u" + userId, CallerKind.USER, tokenId);
    }

    @Test
    void tokensRevokedBeforeStartAreRefused() throws InterruptedException {
        UserServiceStandIn.ACCESS.put(41L, "{\"userId\":41,\"name\":\"u41\",\"kind\":\"USER\","
                + "\"allSections\":true,\"sectionIds\":[],\"contentRatingLimit\":null}");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"loaded".equals(given().get(ready).then().extract()
                .path("checks.find { it.name == 'revocations' }.data.revocations"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the revocations were never loaded");
            }
            Thread.sleep(100);
        }
        given().header("X-Plex-Token", token(41, UserServiceStandIn.REVOKED_TOKEN_ID)).get("/library/sections")
                .then().statusCode(401);
        given().header("X-Plex-Token", token(UserServiceStandIn.DELETED_USER, "tok-any"))
                .get("/library/sections").then().statusCode(401);
        // Not everyone: the same user with another token gets in.
        given().header("X-Plex-Token", token(41, "tok-fresh")).get("/library/sections").then().statusCode(200);
        given().get(ready).then().statusCode(200)
                .body("checks.find { it.name == 'revocations' }.status", equalTo("UP"));
    }
}
