package io.cinemesh.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A transaction the service opened and then stopped talking to must not hold its locks for ever. The fault suite
 * saw it: a {@code /stop} whose commit was never sent kept its row locked until the replica stopped, and the
 * player's retry, and every later request for that row, waited behind it. PostgreSQL ends such a transaction
 * (the pool's {@code idle_in_transaction_session_timeout}), and an SRE sees in pg_stat_activity whose it was.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class AbandonedTransactionTest {

    private static final long LOCK = 7_150_001L;

    @Inject
    Pool pool;

    @Test
    void aTransactionLeftOpenIsEndedAndTheRequestsBehindItGoOn() {
        SqlConnection abandoned = pool.getConnectionAndAwait();
        abandoned.query("BEGIN").executeAndAwait();
        abandoned.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK)).await().indefinitely();
        Row me = abandoned.query("SELECT pg_backend_pid() AS pid, current_setting('application_name') AS app")
                .executeAndAwait().iterator().next();
        assertEquals("stream-service", me.getString("app"), "pg_stat_activity names the service");

        // The next request for the same lock waits behind it, then goes on once PostgreSQL ends the abandoned one.
        long started = System.nanoTime();
        SqlConnection next = pool.getConnectionAndAwait();
        try {
            next.query("BEGIN").executeAndAwait();
            next.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK))
                    .await().atMost(Duration.ofSeconds(30));
            next.query("COMMIT").executeAndAwait();
        } finally {
            next.closeAndAwait();
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(waited.compareTo(Duration.ofSeconds(8)) > 0, "it did wait for the lock: " + waited);
        long stillThere = pool.preparedQuery("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1")
                .execute(Tuple.of(me.getInteger("pid"))).await().indefinitely().iterator().next().getLong("n");
        assertEquals(0, stillThere, "the abandoned transaction's session was ended");
        abandoned.close().subscribe().with(ok -> { }, gone -> { });
    }
}
