package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.TopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * State changes reach Kafka through the outbox, and a Kafka outage loses nothing: the service keeps answering,
 * says so in its readiness, and delivers what it owes when the broker is back.
 */
@QuarkusTest
class EventDeliveryTest {

    /** Health answers on the management port only. */
    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "health/live", management = true)
    URL live;

    @InjectKafkaBroker
    KafkaBroker kafka;

    private void rename(String name) {
        given().header("X-Plex-Token", ServerIdentityResourceTest.OWNER).queryParam("friendlyName", name)
                .put("/internal/server-identity").then().statusCode(200);
    }

    private static boolean isRenameTo(String payload, String name) {
        CinemeshEvent e;
        try {
            e = CinemeshEvent.fromJson(payload);
        } catch (IllegalArgumentException notAnEvent) {
            // Other tests put garbage on the topic on purpose, to show consumers survive it.
            return false;
        }
        return e.type().equals("audit") && "server.rename".equals(e.text("action")) && "1".equals(e.text("actorId"));
    }

    @Test
    void anAuditRecordReachesKafkaWithTheActorAndNoSecret() {
        rename("Den");
        try (TopicReader audit = new TopicReader(kafka.bootstrapServers(), Topics.AUDIT)) {
            var hits = audit.await(r -> isRenameTo(r.value(), "Den"), Duration.ofSeconds(30));
            assertFalse(hits.isEmpty(), "no server.rename audit record on " + Topics.AUDIT);
            String payload = hits.get(0).value();
            assertEquals("1", hits.get(0).key(), "audit records are keyed by actor");
            assertFalse(payload.contains(ServerIdentityResourceTest.OWNER), "the token must never be in the log");
            assertTrue(payload.contains("\"result\":\"success\""));
        }
    }

    @Test
    void aKafkaOutageKeepsTheServiceUpAndLosesNothing() throws Exception {
        long renamesBefore = auditedRenames();
        kafka.stop();
        try {
            rename("Attic");
            given().get(ready).then().statusCode(200);
            given().get("/internal/server-identity").then().statusCode(200).body("friendlyName", equalTo("Attic"));
            awaitReadiness("unreachable");
            // Past cinemesh.outbox.max-outage (short in the test profile), where readiness used to turn down:
            // Kafka away is degraded, not an outage, and says so while staying ready.
            awaitAlert();
            given().get(ready).then().statusCode(200)
                    .body("checks.find { it.name == 'event-delivery' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'event-delivery' }.data.state", equalTo("degraded"))
                    .body("checks.find { it.name == 'event-delivery' }.data.alert", equalTo(true));
            // Nor is it a reason to restart: the consumers wait for the broker instead of failing for good.
            given().get(live).then().statusCode(200);
            given().get("/internal/server-identity").then().statusCode(200).body("friendlyName", equalTo("Attic"));
        } finally {
            kafka.start();
        }
        try (TopicReader audit = new TopicReader(kafka.bootstrapServers(), Topics.AUDIT)) {
            long count = audit.await(r -> r.value().contains("server.rename"), Duration.ofSeconds(60)).size();
            assertTrue(count >= 1, "the event staged during the outage was not delivered");
        }
        awaitReadiness("ok");
        // The audit consumer reconnected by itself: the record made during the outage is in the log.
        Instant deadline = Instant.now().plusSeconds(60);
        while (auditedRenames() <= renamesBefore) {
            assertTrue(Instant.now().isBefore(deadline), "the audit consumer did not resume after Kafka came back");
            Thread.sleep(250);
        }
    }

    private static long auditedRenames() {
        java.util.List<java.util.Map<String, Object>> records = given().header("X-Plex-Token",
                        ServerIdentityResourceTest.OWNER).queryParam("limit", 500).get("/api/v2/admin/audit")
                .then().statusCode(200).extract().path("records");
        return records.stream().filter(r -> "server.rename".equals(r.get("action"))).count();
    }

    private void awaitAlert() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        // The profile's max-outage is 2 s; secondsSinceLastDelivery is there before and after this change.
        while (given().get(ready).then().extract().<Integer>path(
                "checks.find { it.name == 'event-delivery' }.data.secondsSinceLastDelivery") <= 2) {
            assertTrue(Instant.now().isBefore(deadline), "readiness never raised the outage alert");
            Thread.sleep(250);
        }
    }

    private void awaitReadiness(String kafkaState) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = given().get(ready).then().extract()
                    .path("checks.find { it.name == 'event-delivery' }.data.kafka");
            if (kafkaState.equals(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("readiness never said kafka=" + kafkaState + " (last: " + last + ")");
    }
}
