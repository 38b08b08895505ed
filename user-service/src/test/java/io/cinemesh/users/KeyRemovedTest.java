package io.cinemesh.users;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** After the grace period the operator removes the previous key: tokens signed with it stop working. */
@QuarkusTest
@TestProfile(KeyRemovedTest.OldKeyRemoved.class)
class KeyRemovedTest {

    public static class OldKeyRemoved implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cinemesh.token.secret", KeyRotationTest.NEW_SECRET, "cinemesh.tokens.key-id", "k2");
        }
    }

    @Test
    void aTokenSignedWithARemovedKeyIsRefused() {
        given().header("X-Plex-Token", KeyRotationTest.ownerToken(KeyRotationTest.OLD_SECRET, "old-key", 60))
                .get("/api/v2/user").then().statusCode(401);
        given().header("X-Plex-Token", KeyRotationTest.ownerToken(KeyRotationTest.NEW_SECRET, "new-key", 60))
                .get("/api/v2/user").then().statusCode(200);
    }
}
