package io.cinemesh.stream;

import static io.cinemesh.stream.TranscodeTest.segmentStatus;
import static io.cinemesh.stream.TranscodeTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CallerKind;
import io.cinemesh.tokens.TokenCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Revoking a token ends the transcodes it started (their segment URLs carry no token), and a new password (all the
 * user's tokens up to now) ends all of that user's, on every replica: each hears {@code user.events}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class TranscodeRevocationTest {

    private static final String REMUX = "&directPlay=0&directStream=1";
    /** A user of its own (the stand-in shares with any non-owner), so the revocations touch no other test. */
    private static final long USER = 41;

    @InjectKafkaBroker
    KafkaBroker kafka;

    private static String token(String tokenId, long issuedAt) {
        return TokenCodec.fromBase64("dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdA==")
                .issue(new Caller(USER, "revoked-viewer", CallerKind.USER, tokenId, issuedAt));
    }

    @Test
    void aRevokedTokensTranscodesEndAndANewPasswordEndsAllOfTheUsers() throws Exception {
        long now = Instant.now().getEpochSecond();
        String phone = start(token("phone", now - 60), "video", "1001", REMUX);
        String tv = start(token("tv", now - 30), "video", "1001", REMUX);
        assertEquals(200, segmentStatus(phone, 0));
        assertEquals(200, segmentStatus(tv, 0));

        publish(CinemeshEvent.of(EventTypes.TOKEN_REVOKED, "user-service", Long.toString(USER),
                Map.of("tokenId", "phone", "userId", USER)));
        awaitGone(phone, 1);
        assertEquals(200, segmentStatus(tv, 1), "only the revoked token's transcode ends");

        publish(CinemeshEvent.of(EventTypes.TOKEN_REVOKED, "user-service", Long.toString(USER),
                Map.of("userId", USER, "issuedUpTo", now)));
        awaitGone(tv, 2);
        // A token issued after the new password plays.
        assertEquals(200, segmentStatus(start(token("after", now + 2), "video", "1001", REMUX), 0));
    }

    private static void awaitGone(String id, int n) throws InterruptedException {
        TranscodeTest.await("segment " + n + " of " + id + " answers 404", Duration.ofSeconds(30),
                () -> segmentStatus(id, n) == 404);
    }

    private void publish(CinemeshEvent event) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (var producer = new KafkaProducer<String, String>(p)) {
            producer.send(new ProducerRecord<>(Topics.USER, Long.toString(USER), event.toJson())).get();
        }
    }
}
