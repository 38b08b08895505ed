package io.cinemesh.plex.wire.rest;

import java.net.ConnectException;
import java.util.regex.Pattern;

/**
 * Recognises a failure that means "PostgreSQL cannot be reached right now" (a restart, a failover, a network
 * blip) rather than a bug: the caller may retry the work, and a client is told to come back (503), not shown a
 * 500. Matched by class name and SQLSTATE so that services without the PostgreSQL client can use it.
 */
public final class DatabaseUnreachable {

    /**
     * Connection exceptions (08…), the server shutting down or restarting (57P01–57P03), a server with all its
     * connections taken (53300, as while replicas restart and their pools refill), and a database closed to new
     * connections for maintenance (55000 with that message).
     */
    private static final Pattern SQLSTATE = Pattern.compile(
            "\\((08[0-9A-Z]{3}|57P0[123]|53300)\\)|not currently accepting connections");

    private DatabaseUnreachable() {
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            // A connection the server ended (reset by peer) surfaces as netty's native IOException, in Hibernate's.
            if (t instanceof ConnectException || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.netty.channel.unix.Errors$NativeIoException")
                    || name.equals("io.netty.channel.ConnectTimeoutException")
                    || (name.equals("io.vertx.pgclient.PgException") && t.getMessage() != null
                            && SQLSTATE.matcher(t.getMessage()).find())) {
                return true;
            }
        }
        return false;
    }
}
