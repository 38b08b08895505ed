package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CallerKind;
import io.cinemesh.tokens.TokenCodec;
import io.cinemesh.tokens.TokenKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service restarted after a key rotation: the new secret is current ({@code k2}) and the one the tests'
 * tokens were signed with before is listed as previous ({@code k1}). Tokens also expire here after an hour, and
 * the admin token is one of its own so that revoking it does not lock out the other test classes.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.Rotated.class)
class KeyRotationTest {

    /** The secret every other test class runs with: the key before the rotation. */
    static final String OLD_SECRET = "dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdA==";
    static final String NEW_SECRET = "cm90YXRlZC1zZWNyZXQtcm90YXRlZC1zZWNyZXQtcm90YXRlZC1zZWNyZXQ=";
    static final String ADMIN_TOKEN = "rotation-test-owner-token";

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cinemesh.token.secret", NEW_SECRET, "cinemesh.tokens.key-id", "k2",
                    "cinemesh.tokens.previous-keys", "k1:" + OLD_SECRET, "cinemesh.tokens.max-age", "PT1H",
                    "cinemesh.admin-token", ADMIN_TOKEN);
        }
    }

    /** The owner's token as the service signs it with that secret (k1 before the rotation, k2 after). */
    static String ownerToken(String secret, String tokenId, long ageSeconds) {
        String keyId = secret.equals(OLD_SECRET) ? "k1" : "k2";
        return new TokenCodec(TokenKey.of(keyId, secret), List.of()).issue(new Caller(Caller.OWNER_ID, "owner", CallerKind.OWNER, tokenId,
                Instant.now().getEpochSecond() - ageSeconds));
    }

    @Test
    void aTokenSignedBeforeTheRotationKeepsWorking() {
        given().header("X-Plex-Token", ownerToken(OLD_SECRET, "before-rotation", 60)).get("/api/v2/user").then()
                .statusCode(200).body("id", equalTo(1));
    }

    @Test
    void newTokensAreSignedWithTheNewKey() {
        String name = Api.unique("rita");
        given().header("X-Plex-Token", ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("name", name, "kind", "user", "password", "ritas-password"))
                .post("/api/v2/admin/users").then().statusCode(201);
        String token = Api.signinToken(name, "ritas-password");
        given().header("X-Plex-Token", token).get("/api/v2/user").then().statusCode(200).body("title", equalTo(name));
        org.junit.jupiter.api.Assertions.assertTrue(token.startsWith("cm1.k2."), "signed with k2");
    }

    @Test
    void aTokenOlderThanTheMaxAgeIsRefusedWithAMessage() {
        given().queryParam("X-Plex-Token", ownerToken(NEW_SECRET, "too-old", 2 * 3600)).get("/api/v2/user").then()
                .statusCode(401).body("errors[0].message", containsString("expired"));
        given().header("X-Plex-Token", ownerToken(OLD_SECRET, "too-old-k1", 2 * 3600)).get("/api/v2/user").then()
                .statusCode(401).body("errors[0].message", startsWith("The X-Plex-Token has expired"));
    }

    @Test
    void theAdminTokenCanBeRevokedLikeAnyOther() throws Exception {
        given().header("X-Plex-Token", ADMIN_TOKEN).get("/api/v2/user").then().statusCode(200);
        String id = "admin:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(ADMIN_TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 8);
        String owner = ownerToken(NEW_SECRET, "rotation-owner", 0);
        given().header("X-Plex-Token", owner).delete("/api/v2/admin/tokens/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("origin", equalTo("CINEMESH_ADMIN_TOKEN"));
        Api.await("the revoked admin token is refused", Duration.ofSeconds(5), () -> given()
                .header("X-Plex-Token", ADMIN_TOKEN).get("/api/v2/user").statusCode() == 401);
        given().header("X-Plex-Token", owner).get("/internal/revocations").then().statusCode(200)
                .body("tokens", org.hamcrest.Matchers.hasItem(id));
    }
}
