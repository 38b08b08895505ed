package io.cinemesh.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
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
    void aWrongTokenIsStillRefused() {
        given().header("X-Plex-Token", "wrong").get("/library/sections").then().statusCode(401);
    }
}
