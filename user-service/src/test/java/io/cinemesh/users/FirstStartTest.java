package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.users.service.FirstStart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without CINEMESH_ADMIN_TOKEN the owner gets a token at the first start, and only then. */
@QuarkusTest
class FirstStartTest {

    @Inject
    FirstStart firstStart;

    @Test
    void theOwnerGetsOneTokenThatOpensTheAdminApi() throws Throwable {
        // Tests set CINEMESH_ADMIN_TOKEN, so nothing was issued at start: this is the first time.
        Optional<String> token = VertxContextSupport.subscribeAndAwait(firstStart::ensureOwnerToken);
        assertTrue(token.isPresent());
        given().header("X-Plex-Token", token.get()).get("/api/v2/user").then().statusCode(200)
                .body("id", equalTo(1)).body("homeAdmin", equalTo(true));
        given().header("X-Plex-Token", token.get()).get("/api/v2/admin/users").then().statusCode(200);
        given().header("X-Plex-Token", Api.OWNER).queryParam("userId", 1).get("/api/v2/admin/tokens").then()
                .body("find { it.origin == 'first-start' }.userId", equalTo(1));
        // A second start (or another replica) issues nothing.
        assertFalse(VertxContextSupport.subscribeAndAwait(firstStart::ensureOwnerToken).isPresent());
    }
}
