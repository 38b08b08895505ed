package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * user-service started while its tables could not be read (here: not migrated yet, as when the database was away
 * at start) goes not-ready once {@code cinemesh.revocations.max-stale} has passed without its revocation list, and
 * ready again by itself once the list can be read: no restart needed.
 */
@QuarkusTest
@TestProfile(RevocationRetryTest.NotMigratedAtStart.class)
class RevocationRetryTest {

    public static class NotMigratedAtStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.flyway.migrate-at-start", "false", "cinemesh.revocations.max-stale", "PT1S");
        }
    }

    private static final String REVOCATIONS = "checks.find { it.name == 'revocations' }";

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @Inject
    Flyway flyway;

    @Test
    void theRevocationListIsLoadedOnceItCanBeReadAndReadinessComesBack() throws InterruptedException {
        await("the revocations check goes down once max-stale has passed", "DOWN");
        given().get(ready).then().statusCode(503).body(REVOCATIONS + ".data.revocations", equalTo("stale"));

        flyway.migrate();

        await("the list is loaded without a restart", "UP");
        given().get(ready).then().statusCode(200).body(REVOCATIONS + ".data.revocations", equalTo("loaded"));
    }

    private void await(String what, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!status.equals(given().get(ready).then().extract().path(REVOCATIONS + ".status"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": the revocations check is not " + status + " after 20 s");
            }
            Thread.sleep(250);
        }
    }
}
