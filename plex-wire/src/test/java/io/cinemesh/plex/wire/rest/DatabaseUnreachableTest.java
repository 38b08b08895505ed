package io.cinemesh.plex.wire.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** What a player is told to retry (503) rather than shown as a server error (500). */
class DatabaseUnreachableTest {

    @Test
    void aServerAwayRestartingOrWithEveryConnectionTakenIsUnreachable() {
        assertTrue(DatabaseUnreachable.in(new RuntimeException(new ConnectException("Connection refused"))));
        assertTrue(DatabaseUnreachable.in(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null)));
        // while replicas restart, their pools refill before the old connections are gone
        assertTrue(DatabaseUnreachable.in(new RuntimeException(new PgException("sorry, too many clients already",
                "FATAL", "53300", null))));
    }

    @Test
    void aBugIsNotUnreachable() {
        assertFalse(DatabaseUnreachable.in(new PgException("duplicate key value violates unique constraint",
                "ERROR", "23505", null)));
        assertFalse(DatabaseUnreachable.in(new IllegalStateException("no such column")));
    }
}
