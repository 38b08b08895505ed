package io.cinemesh.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CallerKind;
import io.cinemesh.tokens.TokenCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a user's notification socket must not tell: items above its content-rating limit, and sections no longer
 * shared even when the share.changed message never comes.
 */
@QuarkusTest
@TestProfile(NotificationIsolationTest.ShortCache.class)
@QuarkusTestResource(EchoUpstreams.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class NotificationIsolationTest {

    public static class ShortCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cinemesh.access.cache-ttl", "2s");
        }
    }

    @InjectKafkaBroker
    KafkaBroker broker;
    @TestHTTPResource("/")
    URL base;
    @ConfigProperty(name = "cinemesh.token.secret")
    String secret;

    Vertx vertx;
    final List<JsonObject> heard = new CopyOnWriteArrayList<>();
    WebSocket socket;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() {
        EchoUpstreams.USER_2_SECTIONS.set(List.of(1L));
        EchoUpstreams.USER_2_LIMIT.set(null);
        if (socket != null) {
            socket.close();
        }
        vertx.close();
    }

    @Test
    void aManagedUserHearsNothingOfItemsAboveItsRatingLimit() throws Exception {
        EchoUpstreams.USER_2_SECTIONS.set(List.of(1L));
        EchoUpstreams.USER_2_LIMIT.set("PG-13");
        listenAsUser2("kid-limit");
        // Also waits out a scope cached by another test (2 s here).
        assertTrue(publishUntilHeard(1, null, "marker-" + System.nanoTime(), Duration.ofSeconds(60)),
                "the gateway follows library.events for section 1");

        publish(item(31, 1, "Grown Film", 17), item(32, 1, "Teen Film", 13), item(33, 1, "Plain Film", null));
        assertTrue(publishUntilHeard(1, 13, "Teen-" + System.nanoTime(), Duration.ofSeconds(20)));
        Thread.sleep(500);
        assertTrue(heard("Teen Film") && heard("Plain Film"), "items within the limit and unrated ones are told");
        assertFalse(heard("Grown Film"), "an R-rated item's title never reaches a PG-13 user");
    }

    @Test
    void anUnsharedSectionFallsSilentWithinTheCacheExpiryWithoutAnEvent() throws Exception {
        EchoUpstreams.USER_2_SECTIONS.set(List.of(1L));
        listenAsUser2("alice-exp");
        assertTrue(publishUntilHeard(1, null, "shared-" + System.nanoTime(), Duration.ofSeconds(60)),
                "the gateway follows library.events for section 1");

        // The owner moves the user from section 1 to 2; the share.changed message is lost.
        EchoUpstreams.USER_2_SECTIONS.set(List.of(2L));
        assertTrue(publishUntilHeard(2, null, "now-shared-" + System.nanoTime(), Duration.ofSeconds(20)),
                "section 2 is heard once the cached shares expired (2 s here)");
        String unshared = "unshared-" + System.nanoTime();
        publish(item(41, 1, unshared, null));
        assertTrue(publishUntilHeard(2, null, "last-" + System.nanoTime(), Duration.ofSeconds(10)));
        assertFalse(heard(unshared), "section 1 is no longer shared");
    }

    private void listenAsUser2(String tokenId) throws Exception {
        String token = TokenCodec.fromBase64(secret).issue(new Caller(2, "alice", CallerKind.MANAGED, tokenId,
                Instant.now().getEpochSecond()));
        socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
                .setHost(base.getHost()).setPort(base.getPort())
                .setURI(NotificationsTest.WS + "?X-Plex-Token=" + token))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        socket.textMessageHandler(t -> heard.add(new JsonObject(t).getJsonObject("NotificationContainer")));
    }

    private boolean heard(String title) {
        return heard.stream().anyMatch(NotificationsTest.timelineOf(title, 0)::test)
                || heard.stream().anyMatch(NotificationsTest.timelineOf(title, 5)::test);
    }

    private boolean publishUntilHeard(long sectionId, Integer ratingAge, String title, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            publish(item(900 + sectionId, sectionId, title, ratingAge));
            Thread.sleep(300);
            if (heard(title)) {
                return true;
            }
        }
        return false;
    }

    /** An item.updated event as library-service's scanner writes it. */
    private static CinemeshEvent item(long id, long sectionId, String title, Integer ratingAge) {
        Map<String, Object> data = new HashMap<>(Map.of("ratingKey", Long.toString(id), "sectionId", sectionId,
                "type", "movie", "typeNumber", 1, "title", title));
        if (ratingAge != null) {
            data.put("ratingAge", ratingAge);
        }
        return CinemeshEvent.of(EventTypes.ITEM_UPDATED, "library-service", Long.toString(id), data);
    }

    private void publish(CinemeshEvent... events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (CinemeshEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.LIBRARY, e.subject(), e.toJson())).get(10, TimeUnit.SECONDS);
            }
        }
    }
}
