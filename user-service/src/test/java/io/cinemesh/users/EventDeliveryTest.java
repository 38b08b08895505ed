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
        kafka.stop();
        try {
            rename("Attic");
            given().get("/internal/server-identity").then().statusCode(200).body("friendlyName", equalTo("Attic"));
            awaitReadiness("unreachable");
            given().get(ready).then().statusCode(200);
        } finally {
            kafka.start();
        }
        try (TopicReader audit = new TopicReader(kafka.bootstrapServers(), Topics.AUDIT)) {
            long count = audit.await(r -> r.value().contains("server.rename"), Duration.ofSeconds(60)).size();
            assertTrue(count >= 1, "the event staged during the outage was not delivered");
        }
        awaitReadiness("ok");
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
