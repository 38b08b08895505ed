package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Revoking a token or deleting a user is published on user.events and refused within seconds. */
@QuarkusTest
class RevocationTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    private static int status(String token) {
        return given().header("X-Plex-Token", token).get("/api/v2/user").statusCode();
    }

    @Test
    void aRevokedTokenIsPublishedAndRefused() {
        String name = Api.unique("frank");
        long id = Api.createUser(name, "franks-password");
        String token = Api.signinToken(name, "franks-password");
        String other = Api.signinToken(name, "franks-password");
        given().header("X-Plex-Token", token).get("/api/v2/user").then().statusCode(200);

        List<String> ids = given().header("X-Plex-Token", Api.OWNER).queryParam("userId", id)
                .get("/api/v2/admin/tokens").then().statusCode(200).extract().path("id");
        assertEquals(2, ids.size(), "both sign-ins are listed");
        // Newest first: the first id is the second sign-in's.
        String revokedId = ids.get(0);
        given().header("X-Plex-Token", Api.OWNER).delete("/api/v2/admin/tokens/" + revokedId).then()
                .statusCode(200).body("revokedAt", notNullValue());
        Api.await("the revoked token is refused", Duration.ofSeconds(5), () -> status(other) == 401);
        assertEquals(200, status(token), "only the revoked token is refused");
        given().header("X-Plex-Token", Api.OWNER).queryParam("userId", id).get("/api/v2/admin/tokens").then()
                .body("id", not(hasItem(revokedId)));
        given().header("X-Plex-Token", Api.OWNER).queryParam("userId", id).queryParam("includeRevoked", true)
                .get("/api/v2/admin/tokens").then().body("id", hasItem(revokedId));

        try (TopicReader events = new TopicReader(kafka.bootstrapServers(), Topics.USER)) {
            var hits = events.await(r -> {
                CinemeshEvent e = CinemeshEvent.fromJson(r.value());
                return e.type().equals(EventTypes.TOKEN_REVOKED) && revokedId.equals(e.text("tokenId"));
            }, Duration.ofSeconds(30));
            assertFalse(hits.isEmpty(), "no token.revoked on user.events");
            assertEquals(Long.toString(id), hits.get(0).key());
            assertEquals(id, CinemeshEvent.fromJson(hits.get(0).value())
                    .number("userId"));
        }
    }

    @Test
    void aRevocationPublishedByAnotherReplicaReachesThisOneWithinFiveSeconds() throws Exception {
        String name = Api.unique("gina");
        long id = Api.createUser(name, "ginas-password");
        String token = Api.signinToken(name, "ginas-password");
        String tokenId = given().header("X-Plex-Token", Api.OWNER).queryParam("userId", id)
                .get("/api/v2/admin/tokens").then().extract().path("[0].id");
        given().header("X-Plex-Token", token).get("/api/v2/user").then().statusCode(200);
        // Nothing in this replica's memory or database says so: only the broker carries it.
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.USER, Long.toString(id), CinemeshEvent.of(
                    EventTypes.TOKEN_REVOKED, "user-service", Long.toString(id),
                    Map.of("tokenId", tokenId, "userId", id)).toJson())).get();
        }
        Api.await("a token revoked on the broker is refused", Duration.ofSeconds(5), () -> status(token) == 401);
    }

    @Test
    void deletingAUserRefusesItsTokensAndPublishesUserDeleted() {
        String name = Api.unique("hugo");
        long id = Api.createUser(name, "hugos-password");
        String token = Api.signinToken(name, "hugos-password");
        given().header("X-Plex-Token", token).get("/api/v2/user").then().statusCode(200);
        given().header("X-Plex-Token", Api.OWNER).delete("/api/v2/admin/users/" + id).then().statusCode(204);
        Api.await("a deleted user's token is refused", Duration.ofSeconds(5), () -> status(token) == 401);
        given().header("X-Plex-Token", Api.OWNER).get("/api/v2/admin/users/" + id).then().statusCode(404);
        Api.signin(name, "hugos-password", Api.freshAddress()).then().statusCode(401);
        try (TopicReader events = new TopicReader(kafka.bootstrapServers(), Topics.USER)) {
            assertFalse(events.await(r -> r.key().equals(Long.toString(id))
                    && CinemeshEvent.fromJson(r.value()).type().equals(EventTypes.USER_DELETED),
                    Duration.ofSeconds(30)).isEmpty(), "no user.deleted on user.events");
        }
    }

    @Test
    void aNewPasswordSignsTheUserOutEverywhereButNewSignInsWork() {
        String name = Api.unique("ivy");
        long id = Api.createUser(name, "ivys-old-password");
        String old = Api.signinToken(name, "ivys-old-password");
        given().header("X-Plex-Token", Api.OWNER).contentType(ContentType.JSON)
                .body(Map.of("password", "ivys-new-password")).patch("/api/v2/admin/users/" + id).then()
                .statusCode(200).body("hasPassword", equalTo(true));
        Api.await("the old token is refused", Duration.ofSeconds(5), () -> status(old) == 401);
        Api.signin(name, "ivys-old-password", Api.freshAddress()).then().statusCode(401);
        String fresh = Api.signinToken(name, "ivys-new-password");
        assertEquals(200, status(fresh));
    }
}
