package io.cinemesh.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A playing stream does not need PostgreSQL for its segments: while the service's database refuses connections
 * (and its open connections are cut), as in a database restart, every segment still arrives.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class DatabaseAwayTest {

    @Test
    void segmentsKeepComingWhileTheDatabaseIsAway() throws Exception {
        String rk = LibraryStandIn.PARTS.get(LibraryStandIn.LONG)[0];
        String id = TranscodeTest.start("video", rk, "&directPlay=0&directStream=1");
        int count = TranscodeTest.segmentNames(TranscodeTest.index("video", id)).size();
        TranscodeTest.segment("video", id, 0);
        String db = ConfigProvider.getConfig().getValue("cinemesh.db.name", String.class);
        admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        try {
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            // A player's pace, past the time this replica keeps a session's row before reading it again.
            for (int n = 1; n < Math.min(count, 9); n++) {
                Thread.sleep(1000);
                int segment = n;
                assertEquals(200, TranscodeTest.segmentStatus(id, n), () -> "segment " + segment
                        + " while the database is away");
            }
        } finally {
            admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
        }
        // Back: the session ends as usual (its held-back job counts against the transcode limit).
        TranscodeTest.await("the session stops once the database is back", java.time.Duration.ofSeconds(30),
                () -> io.restassured.RestAssured.given().urlEncodingEnabled(false)
                        .header("X-Plex-Token", LibraryStandIn.OWNER)
                        .get(TranscodeTest.VIDEO + "stop?session=" + id).statusCode() == 200);
    }

    @Test
    void aTimelineReportDuringADatabaseRestartIsStoredOnceTheDatabaseIsBack() throws Exception {
        String client = "blip-" + java.util.UUID.randomUUID();
        PlaybackTest.report(LibraryStandIn.USER, client, "s1", "1001", "playing", 1000);
        String db = ConfigProvider.getConfig().getValue("cinemesh.db.name", String.class);
        admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        java.util.concurrent.CompletableFuture<Void> back = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(2000);
                admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            // The report waits for the database instead of failing: the player sees a 200, as always.
            PlaybackTest.report(LibraryStandIn.USER, client, "s1", "1001", "playing", 5000);
        } finally {
            back.join();
        }
        var s = PlaybackTest.sessions(LibraryStandIn.OWNER);
        assertEquals(5000, s.getInt("MediaContainer.Metadata.find { it.Player.machineIdentifier == '" + client
                + "' }.viewOffset"), "the report made during the restart was stored");
        // The other tests of the module share the database: leave no playback behind.
        PlaybackTest.report(LibraryStandIn.USER, client, "s1", "1001", "stopped", 5000);
    }

    @Test
    void aDatabaseAwayForLongerGetsA503WithRetryAfterNotA500() throws Exception {
        String client = "away-" + java.util.UUID.randomUUID();
        String db = ConfigProvider.getConfig().getValue("cinemesh.db.name", String.class);
        admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        try {
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            PlaybackTest.player(LibraryStandIn.USER, client, "s1").queryParam("ratingKey", "1001")
                    .queryParam("state", "playing").queryParam("time", 1000).queryParam("duration", 12000)
                    .post("/:/timeline").then().statusCode(503).header("Retry-After", "2")
                    .body(org.hamcrest.Matchers.containsString("database is not reachable"));
        } finally {
            admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
        }
    }

    private static void admin(String sql) throws Exception {
        var env = System.getenv();
        String url = "jdbc:postgresql://" + env.getOrDefault("CINEMESH_TEST_PG_HOST", "127.0.0.1") + ":"
                + env.getOrDefault("CINEMESH_TEST_PG_PORT", "5432") + "/postgres";
        try (Connection c = DriverManager.getConnection(url, env.getOrDefault("CINEMESH_TEST_PG_USER", "postgres"), "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
