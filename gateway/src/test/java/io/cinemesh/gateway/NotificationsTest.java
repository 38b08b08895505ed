package io.cinemesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.Topics;
import io.cinemesh.gateway.notify.service.ListenerLimits;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CallerKind;
import io.cinemesh.tokens.TokenCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notification sockets against a real Kafka broker: real event JSON goes onto the topics the services
 * publish to, and a real WebSocket (or event-stream) client reads what a Plex client would.
 */
@QuarkusTest
@QuarkusTestResource(EchoUpstreams.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class NotificationsTest {

    static final String OWNER = "test-owner-token";
    static final String WS = "/:/websockets/notifications";
    static final String SSE = "/:/eventsource/notifications";

    @InjectKafkaBroker
    KafkaBroker broker;
    @TestHTTPResource("/")
    URL base;
    @ConfigProperty(name = "cinemesh.token.secret")
    String secret;
    @Inject
    ListenerLimits limits;

    static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    /** A client's view of one socket: every message and how it closed. */
    static final class Heard {
        final List<JsonObject> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Short> closed = new CompletableFuture<>();
        WebSocket socket;

        JsonObject await(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (JsonObject m : messages) {
                    if (match.test(m)) {
                        return m;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no matching notification in " + timeout + "; heard " + messages);
        }

        boolean heard(Predicate<JsonObject> match) {
            return messages.stream().anyMatch(match);
        }
    }

    private Heard listen(String query) throws Exception {
        Heard heard = new Heard();
        WebSocket ws = connect(query).get(10, TimeUnit.SECONDS);
        ws.textMessageHandler(t -> heard.messages.add(new JsonObject(t).getJsonObject("NotificationContainer")));
        ws.closeHandler(v -> heard.closed.complete(ws.closeStatusCode()));
        heard.socket = ws;
        return heard;
    }

    private CompletableFuture<WebSocket> connect(String query) {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost())
                .setPort(base.getPort()).setURI(WS + (query == null ? "" : "?" + query));
        return client.connect(options).toCompletionStage().toCompletableFuture();
    }

    private String userToken(long userId, String tokenId) {
        return TokenCodec.fromBase64(secret).issue(new Caller(userId, "alice", CallerKind.USER, tokenId,
                Instant.now().getEpochSecond()));
    }

    private void publish(String topic, CinemeshEvent... events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (CinemeshEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.subject(), e.toJson())).get(10, TimeUnit.SECONDS);
            }
        }
    }

    static CinemeshEvent itemEvent(String type, long itemId, long sectionId, String title) {
        return CinemeshEvent.of(type, "library-service", Long.toString(itemId), Map.of("ratingKey",
                Long.toString(itemId), "sectionId", sectionId, "type", "movie", "typeNumber", 1, "title", title));
    }

    static Predicate<JsonObject> timelineOf(String title, int state) {
        return c -> "timeline".equals(c.getString("type")) && c.getJsonArray("TimelineEntry").stream()
                .map(JsonObject.class::cast)
                .anyMatch(e -> title.equals(e.getString("title")) && e.getInteger("state") == state);
    }

    /**
     * The consumers start at the latest offset once assigned, so anything published before that is (rightly)
     * never sent: publish a marker until a listener hears it.
     */
    private void awaitFeed(Heard heard, long sectionId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String marker = "marker-" + System.nanoTime();
        while (Instant.now().isBefore(deadline)) {
            publish(Topics.LIBRARY, itemEvent(EventTypes.ITEM_UPDATED, 999, sectionId, marker));
            Thread.sleep(500);
            if (heard.heard(timelineOf(marker, 5))) {
                return;
            }
        }
        throw new AssertionError("the gateway never followed library.events");
    }

    @Test
    void theOwnerHearsItemsScansAndPlaybackInPlexsShape() throws Exception {
        Heard heard = listen("X-Plex-Token=" + OWNER);
        awaitFeed(heard, 1);

        publish(Topics.LIBRARY, itemEvent(EventTypes.ITEM_ADDED, 12, 1, "Big Buck Bunny"),
                itemEvent(EventTypes.ITEM_REMOVED, 13, 1, "Gone Film"),
                CinemeshEvent.of(EventTypes.SCAN_STARTED, "library-service", "1", Map.of("sectionId", 1,
                        "title", "Movies", "activityUuid", "6a1e0c7e-9d44-4c3b-8f59-1b4a8e0f1c2d")),
                CinemeshEvent.of(EventTypes.SCAN_FINISHED, "library-service", "1", Map.of("sectionId", 1,
                        "title", "Movies", "activityUuid", "6a1e0c7e-9d44-4c3b-8f59-1b4a8e0f1c2d", "added", 1,
                        "updated", 0, "removed", 1)));
        publish(Topics.PLAYBACK, CinemeshEvent.of(EventTypes.PLAYBACK_PAUSED, "stream-service", "s-1",
                Map.of("sessionId", "s-1", "sessionKey", "7", "userId", 2, "ratingKey", "12", "sectionId", 1,
                        "viewOffsetMs", 61_000, "clientIdentifier", "tv-1", "state", "paused")));

        JsonObject created = heard.await(timelineOf("Big Buck Bunny", 0), Duration.ofSeconds(20));
        assertEquals(1, created.getInteger("size"));
        JsonObject entry = created.getJsonArray("TimelineEntry").getJsonObject(0);
        assertEquals("com.plexapp.plugins.library", entry.getString("identifier"));
        assertEquals("1", entry.getString("sectionID"));
        assertEquals("12", entry.getString("itemID"));
        assertEquals(1, entry.getInteger("type"));
        assertTrue(entry.getLong("updatedAt") > 1_600_000_000L, "updatedAt is in epoch seconds");
        heard.await(timelineOf("Big Buck Bunny", 5), Duration.ofSeconds(5));
        heard.await(timelineOf("Gone Film", 9), Duration.ofSeconds(5));

        JsonObject started = heard.await(activity("started"), Duration.ofSeconds(5));
        JsonObject a = started.getJsonArray("ActivityNotification").getJsonObject(0);
        assertEquals("6a1e0c7e-9d44-4c3b-8f59-1b4a8e0f1c2d", a.getString("uuid"));
        assertEquals("library.update.section", a.getJsonObject("Activity").getString("type"));
        assertEquals(a.getString("uuid"), a.getJsonObject("Activity").getString("uuid"));
        assertEquals("1", a.getJsonObject("Activity").getJsonObject("Context").getString("librarySectionID"));
        assertEquals(0, a.getJsonObject("Activity").getInteger("progress"));
        JsonObject ended = heard.await(activity("ended"), Duration.ofSeconds(5))
                .getJsonArray("ActivityNotification").getJsonObject(0);
        assertEquals(100, ended.getJsonObject("Activity").getInteger("progress"));

        JsonObject playing = heard.await(c -> "playing".equals(c.getString("type")), Duration.ofSeconds(5))
                .getJsonArray("PlaySessionStateNotification").getJsonObject(0);
        assertEquals("7", playing.getString("sessionKey"));
        assertEquals("12", playing.getString("ratingKey"));
        assertEquals("/library/metadata/12", playing.getString("key"));
        assertEquals("tv-1", playing.getString("clientIdentifier"));
        assertEquals(61_000, playing.getLong("viewOffset"));
        assertEquals("paused", playing.getString("state"));
        heard.socket.close();
    }

    static Predicate<JsonObject> activity(String event) {
        return c -> "activity".equals(c.getString("type"))
                && event.equals(c.getJsonArray("ActivityNotification").getJsonObject(0).getString("event"));
    }

    @Test
    void withoutAValidTokenTheUpgradeIsRefusedWith401() throws Exception {
        for (String query : new String[] {null, "X-Plex-Token=wrong", "X-Plex-Token=" + userToken(2, "forged")
                .replace('a', 'b')}) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> connect(query).get(10, TimeUnit.SECONDS));
            UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, e.getCause());
            assertEquals(401, rejected.getStatus());
        }
        HttpClientResponse plain = request(SSE, null).get(10, TimeUnit.SECONDS);
        assertEquals(401, plain.statusCode());
        HttpClientResponse noUpgrade = request(WS + "?X-Plex-Token=" + OWNER, null).get(10, TimeUnit.SECONDS);
        assertEquals(400, noUpgrade.statusCode());
    }

    @Test
    void aSharedUserHearsOnlyItsSectionsAndItsOwnPlaybackAndFollowsShareChanges() throws Exception {
        EchoUpstreams.USER_2_SECTIONS.set(List.of(1L));
        Heard alice = listen("X-Plex-Token=" + userToken(2, "alice-1"));
        awaitFeed(alice, 1);

        publish(Topics.LIBRARY, itemEvent(EventTypes.ITEM_ADDED, 20, 2, "Not Shared"),
                itemEvent(EventTypes.ITEM_ADDED, 21, 1, "Shared"));
        publish(Topics.PLAYBACK,
                CinemeshEvent.of(EventTypes.PLAYBACK_STARTED, "stream-service", "s-bob", Map.of("userId", 3,
                        "ratingKey", "21", "sectionId", 1, "clientIdentifier", "bobs-tv", "state", "playing")),
                CinemeshEvent.of(EventTypes.PLAYBACK_STARTED, "stream-service", "s-alice", Map.of("userId", 2,
                        "ratingKey", "21", "sectionId", 1, "clientIdentifier", "alices-tv", "state", "playing")));
        alice.await(timelineOf("Shared", 5), Duration.ofSeconds(20));
        alice.await(c -> "playing".equals(c.getString("type")), Duration.ofSeconds(5));
        Thread.sleep(500);
        assertFalse(alice.heard(timelineOf("Not Shared", 0)), "an item of a section not shared with the user");
        assertEquals(1, alice.messages.stream().filter(c -> "playing".equals(c.getString("type"))).count());
        assertEquals("alices-tv", alice.messages.stream().filter(c -> "playing".equals(c.getString("type")))
                .findFirst().orElseThrow().getJsonArray("PlaySessionStateNotification").getJsonObject(0)
                .getString("clientIdentifier"));

        // The owner now shares section 2 instead of 1.
        EchoUpstreams.USER_2_SECTIONS.set(List.of(2L));
        publish(Topics.USER, CinemeshEvent.of(EventTypes.SHARE_CHANGED, "user-service", "2", Map.of("userId", 2)));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String marker = "after-share-" + System.nanoTime();
        while (!alice.heard(timelineOf(marker, 5)) && Instant.now().isBefore(deadline)) {
            publish(Topics.LIBRARY, itemEvent(EventTypes.ITEM_UPDATED, 22, 2, marker),
                    itemEvent(EventTypes.ITEM_UPDATED, 23, 1, marker + "-unshared"));
            Thread.sleep(300);
        }
        alice.await(timelineOf(marker, 5), Duration.ofSeconds(1));
        publish(Topics.LIBRARY, itemEvent(EventTypes.ITEM_UPDATED, 24, 2, "last"));
        alice.await(timelineOf("last", 5), Duration.ofSeconds(10));
        assertFalse(alice.heard(timelineOf(marker + "-unshared", 5)), "section 1 is no longer shared");
        alice.socket.close();
    }

    @Test
    void filtersNarrowWhatIsSent() throws Exception {
        Heard heard = listen("filters=playing,activity&X-Plex-Token=" + OWNER);
        Heard all = listen("X-Plex-Token=" + OWNER);
        awaitFeed(all, 1);
        publish(Topics.LIBRARY, itemEvent(EventTypes.ITEM_ADDED, 30, 1, "Filtered Out"),
                CinemeshEvent.of(EventTypes.SCAN_STARTED, "library-service", "1", Map.of("sectionId", 1,
                        "title", "Movies")));
        heard.await(activity("started"), Duration.ofSeconds(20));
        all.await(timelineOf("Filtered Out", 0), Duration.ofSeconds(5));
        assertFalse(heard.messages.stream().anyMatch(c -> "timeline".equals(c.getString("type"))));
        heard.socket.close();
        all.socket.close();
    }

    @Test
    void aUserWithItsLimitOfConnectionsOpenIsRefusedWith429UntilOneCloses() throws Exception {
        EchoUpstreams.USER_2_SECTIONS.set(List.of(1L));
        // other tests' connections of user 2 are closed; the server may take a moment to see it
        awaitOpen(2, 0);
        int max = limits.maxPerUser();
        List<Heard> mine = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            mine.add(listen("X-Plex-Token=" + userToken(2, "many-" + i)));
        }
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> connect("X-Plex-Token=" + userToken(2, "one-too-many")).get(10, TimeUnit.SECONDS));
        UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, e.getCause());
        assertEquals(429, rejected.getStatus());
        assertNotNull(rejected.getHeaders().get("Retry-After"));
        // the limit covers both transports
        HttpClientResponse sse = request(SSE + "?X-Plex-Token=" + userToken(2, "sse"), null)
                .get(10, TimeUnit.SECONDS);
        assertEquals(429, sse.statusCode());
        assertNotNull(sse.getHeader("Retry-After"));
        // other accounts are not affected
        Heard owner = listen("X-Plex-Token=" + OWNER);
        assertFalse(owner.closed.isDone());
        // one closes: its place is free again
        mine.get(0).socket.close();
        awaitOpen(2, max - 1);
        mine.set(0, listen("X-Plex-Token=" + userToken(2, "again")));
        assertFalse(mine.get(0).closed.isDone());
        for (Heard h : mine) {
            h.socket.close();
        }
        owner.socket.close();
        awaitOpen(2, 0);
    }

    private void awaitOpen(long userId, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (limits.open(userId) != count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("user " + userId + " still holds " + limits.open(userId)
                        + " notification connections, not " + count);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aRevokedTokenIsDisconnected() throws Exception {
        Heard heard = listen("X-Plex-Token=" + userToken(2, "to-revoke"));
        publish(Topics.USER, CinemeshEvent.of(EventTypes.TOKEN_REVOKED, "user-service", "2",
                Map.of("tokenId", "to-revoke", "userId", 2)));
        assertEquals((short) 1008, heard.closed.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aNewPasswordOrADeletedUserDisconnectsThatUsersSocketsOnly() throws Exception {
        Heard changed = listen("X-Plex-Token=" + userToken(3, "before-new-password"));
        Heard deleted = listen("X-Plex-Token=" + userToken(4, "of-deleted-user"));
        Heard other = listen("X-Plex-Token=" + userToken(5, "of-someone-else"));
        // What user-service publishes for a new password: every token of the user issued up to now is void.
        publish(Topics.USER, CinemeshEvent.of(EventTypes.TOKEN_REVOKED, "user-service", "3",
                Map.of("userId", 3, "issuedUpTo", Instant.now().getEpochSecond() + 1)),
                CinemeshEvent.of(EventTypes.USER_DELETED, "user-service", "4", Map.of("userId", 4)));
        assertEquals((short) 1008, changed.closed.get(30, TimeUnit.SECONDS));
        assertEquals((short) 1008, deleted.closed.get(30, TimeUnit.SECONDS));
        assertFalse(other.closed.isDone(), "another user's socket stays open");
        other.socket.close();
    }

    @Test
    void aClientThatDoesNotReadIsDisconnectedInsteadOfQueuedForever() throws Exception {
        Heard slow = listen("X-Plex-Token=" + OWNER);
        awaitFeed(slow, 1);
        slow.socket.pause();
        // Far more than the socket buffers and the 64 messages a listener may have waiting (test profile).
        String title = "x".repeat(16 * 1024);
        CinemeshEvent[] flood = new CinemeshEvent[1500];
        for (int i = 0; i < flood.length; i++) {
            flood[i] = itemEvent(EventTypes.ITEM_UPDATED, 40 + i, 1, title);
        }
        publish(Topics.LIBRARY, flood);
        // Read again: what was sent arrives, then the close with its reason.
        Thread.sleep(2_000);
        slow.socket.resume();
        assertEquals((short) 1013, slow.closed.get(60, TimeUnit.SECONDS));
        assertTrue(slow.messages.size() < flood.length, "the server gave up before sending everything");
    }

    @Test
    void theEventStreamCarriesTheSamePayloadsAndKeepsAlive() throws Exception {
        Heard ws = listen("X-Plex-Token=" + OWNER);
        awaitFeed(ws, 1);
        StringBuffer stream = new StringBuffer();
        HttpClientResponse response = request(SSE + "?X-Plex-Token=" + OWNER, stream).get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertTrue(response.getHeader("Content-Type").startsWith("text/event-stream"));
        Thread.sleep(1_500);
        publish(Topics.LIBRARY, itemEvent(EventTypes.ITEM_ADDED, 50, 1, "Streamed"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!stream.toString().contains("\"Streamed\"") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        String text = stream.toString();
        assertTrue(text.contains(": ping"), "keep-alive comments: " + text);
        String event = text.substring(text.indexOf("event: timeline"));
        String data = event.substring(event.indexOf("data: ") + 6, event.indexOf("\n\n"));
        JsonObject c = new JsonObject(data).getJsonObject("NotificationContainer");
        assertNotNull(c.getJsonArray("TimelineEntry"));
        assertEquals("Streamed", c.getJsonArray("TimelineEntry").getJsonObject(0).getString("title"));
        response.request().connection().close();
        ws.socket.close();
    }

    private CompletableFuture<HttpClientResponse> request(String uri, StringBuffer body) {
        HttpClient client = vertx.createHttpClient();
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                        .setPort(base.getPort()).setURI(uri))
                .compose(req -> req.send())
                .map(res -> {
                    if (body != null) {
                        res.handler(b -> body.append(b.toString()));
                    }
                    return res;
                }).toCompletionStage().toCompletableFuture();
    }
}
