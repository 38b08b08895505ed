package io.cinemesh.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.cinemesh.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * No playback event is lost or applied out of order: a watch-state store that fails is retried and, when it keeps
 * failing, lands on {@code playback.events.dlq} from where an operator replays it; a stale progress report does not
 * undo a later watched play. The store is made to fail with a trigger on {@code watch_state}.
 */
@QuarkusTest
@TestProfile(PlaybackEventDeliveryTest.ShortRetries.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(UserServiceStandIn.class)
class PlaybackEventDeliveryTest {

    public static class ShortRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cinemesh.consumers.retry.attempts", "3", "cinemesh.consumers.retry.backoff", "PT0.1S",
                    "cinemesh.consumers.retry.max-backoff", "PT0.2S", "cinemesh.library.scan.interval", "off",
                    "cinemesh.library.scan.watch", "false");
        }
    }

    @InjectKafkaBroker
    KafkaBroker kafka;

    @ConfigProperty(name = "cinemesh.db.host")
    String dbHost;
    @ConfigProperty(name = "cinemesh.db.port")
    String dbPort;
    @ConfigProperty(name = "cinemesh.db.name")
    String dbName;
    @ConfigProperty(name = "cinemesh.db.user")
    String dbUser;

    @Test
    void aStoreThatFailsIsRetriedNotLost() throws Exception {
        long movie = movie("Retried");
        // The first two attempts fail (a sequence counts them: it is not rolled back with the failed insert).
        sql("CREATE SEQUENCE fail_hits_" + movie,
                "CREATE FUNCTION fail_twice_" + movie + "() RETURNS trigger AS $$ BEGIN IF NEW.item_id = " + movie
                        + " AND nextval('fail_hits_" + movie + "') <= 2 THEN RAISE EXCEPTION 'store failed "
                        + "on purpose'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER fail_twice_" + movie + " BEFORE INSERT OR UPDATE ON watch_state FOR EACH ROW "
                        + "EXECUTE FUNCTION fail_twice_" + movie + "()");
        publish(event("playback.watched", movie, 2000, Instant.now()));
        awaitField(movie, "viewCount", 1);
    }

    @Test
    void aStoreThatKeepsFailingGoesToTheDeadLetterTopicAndReplays() throws Exception {
        long movie = movie("Dead-lettered");
        sql("CREATE FUNCTION fail_always_" + movie + "() RETURNS trigger AS $$ BEGIN IF NEW.item_id = " + movie
                        + " THEN RAISE EXCEPTION 'store failed on purpose'; END IF; RETURN NEW; END $$ "
                        + "LANGUAGE plpgsql",
                "CREATE TRIGGER fail_always_" + movie + " BEFORE INSERT OR UPDATE ON watch_state FOR EACH ROW "
                        + "EXECUTE FUNCTION fail_always_" + movie + "()");
        CinemeshEvent watched = event("playback.watched", movie, 2000, Instant.now());
        publish(watched);
        String dead;
        try (TopicReader dlq = new TopicReader(kafka.bootstrapServers(), Topics.deadLetter(Topics.PLAYBACK))) {
            var hits = dlq.await(r -> r.value().contains(watched.id()), Duration.ofSeconds(60));
            assertFalse(hits.isEmpty(), "the event that could not be stored is not on " + Topics.PLAYBACK + ".dlq");
            dead = hits.get(0).value();
        }
        json().get("/library/metadata/" + movie).then().body("MediaContainer.Metadata[0].viewCount", nullValue());
        // The failure cleared; the operator replays the record as docs/operations.md says: back onto the topic.
        sql("DROP TRIGGER fail_always_" + movie + " ON watch_state");
        publish(dead);
        awaitField(movie, "viewCount", 1);
    }

    @Test
    void aStaleProgressReportDoesNotUndoALaterWatchedPlay() throws Exception {
        long movie = movie("Stale");
        long marker = movie("Marker");
        Instant watchedAt = Instant.now();
        publish(event("playback.watched", movie, 2000, watchedAt));
        awaitField(movie, "viewCount", 1);
        // A progress report made before the play was watched arrives late (a replay, or another partition's lag).
        publish(event("playback.progress", movie, 700, watchedAt.minusSeconds(30)));
        // Same key, same partition: once the marker is applied, the stale report has been consumed.
        publish(event("playback.progress", marker, 500, Instant.now()));
        awaitField(marker, "viewOffset", 500);
        json().get("/library/metadata/" + movie).then().statusCode(200)
                .body("MediaContainer.Metadata[0].viewCount", equalTo(1))
                .body("MediaContainer.Metadata[0].viewOffset", nullValue());
        // A report made after the play still counts: the user started watching it again.
        publish(event("playback.progress", movie, 900, Instant.now().plusSeconds(1)));
        awaitField(movie, "viewOffset", 900);
    }

    private static io.restassured.specification.RequestSpecification json() {
        return given().header("X-Plex-Token", LibraryScanAndBrowseTest.OWNER).accept("application/json");
    }

    private static CinemeshEvent event(String type, long ratingKey, long offsetMs, Instant at) {
        return new CinemeshEvent(UUID.randomUUID().toString(), type, 1, "stream-service", "s-delivery", at,
                Map.of("sessionId", "s-delivery", "userId", 1, "ratingKey", ratingKey, "viewOffsetMs", offsetMs,
                        "durationMs", 2000, "clientIdentifier", "c1"));
    }

    private void publish(CinemeshEvent event) throws Exception {
        publish(event.toJson());
    }

    private void publish(String json) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (var producer = new KafkaProducer<String, String>(p)) {
            producer.send(new ProducerRecord<>(Topics.PLAYBACK, "s-delivery", json)).get();
        }
    }

    private static void awaitField(long ratingKey, String field, Object expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        Object last = null;
        while (Instant.now().isBefore(deadline)) {
            last = json().get("/library/metadata/" + ratingKey).jsonPath().get("MediaContainer.Metadata[0]." + field);
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(field + " of " + ratingKey + " never became " + expected + " (last: " + last + ")");
    }

    /** A movie made straight in the database: these tests are about events, not scanning. */
    private long movie(String title) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("WITH s AS (INSERT INTO section (uuid, name, type, agent, scanner) VALUES ("
                    + "gen_random_uuid(), 'Events " + title + "', 'movie', 'tv.plex.agents.movie', "
                    + "'Plex Movie') RETURNING id) INSERT INTO item (section_id, type, guid, title, title_search, "
                    + "title_sort) SELECT id, 1, 'local://" + title + "', '" + title + "', '" + title.toLowerCase()
                    + "', '" + title.toLowerCase() + "' FROM s RETURNING id");
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName
                + "?currentSchema=library", dbUser, "");
    }
}
