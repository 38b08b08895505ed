package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /internal/revocations}: what a service starting after user.events forgot a revocation loads, so that it
 * refuses the token all the same. Kept in user-service's table, so it outlives the topic and deleted accounts.
 */
@QuarkusTest
class RevocationSnapshotTest {

    /** Health answers on the management port only. */
    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @Test
    void revokedTokensSignOutsAndDeletedUsersAreAllInTheSnapshot() {
        String name = Api.unique("rita");
        long rita = Api.createUser(name, "ritas-password");
        Api.signinToken(name, "ritas-password");
        String tokenId = given().header("X-Plex-Token", Api.OWNER).queryParam("userId", rita)
                .get("/api/v2/admin/tokens").then().statusCode(200).extract().path("[0].id");
        given().header("X-Plex-Token", Api.OWNER).delete("/api/v2/admin/tokens/" + tokenId).then().statusCode(200);

        String gone = Api.unique("gone");
        long goneId = Api.createUser(gone, "gones-password");
        given().header("X-Plex-Token", Api.OWNER).delete("/api/v2/admin/users/" + goneId).then().statusCode(204);

        JsonPath snapshot = given().header("X-Plex-Token", Api.OWNER).get("/internal/revocations").then()
                .statusCode(200).body("tokens", hasItem(tokenId)).extract().jsonPath();
        List<Map<String, Object>> users = snapshot.getList("users");
        Object cutoff = users.stream().filter(u -> ((Number) u.get("userId")).longValue() == goneId)
                .map(u -> u.get("issuedUpTo")).findFirst().orElse(null);
        assertEquals(Long.MAX_VALUE, ((Number) cutoff).longValue(), "a deleted user's tokens are void forever");
        // Nothing secret in it: ids and numbers only, never a token.
        assertEquals(false, snapshot.prettify().contains("cm1."));
    }

    @Test
    void onlyOwnerTokensMayReadIt() {
        String name = Api.unique("nosy");
        Api.createUser(name, "nosys-password");
        String token = Api.signinToken(name, "nosys-password");
        given().header("X-Plex-Token", token).get("/internal/revocations").then().statusCode(403);
        given().get("/internal/revocations").then().statusCode(401);
    }

    @Test
    void readinessSaysTheListIsLoaded() {
        given().get(ready).then().statusCode(200)
                .body("checks.find { it.name == 'revocations' }.data.revocations", equalTo("loaded"));
    }
}
