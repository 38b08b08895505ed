package io.cinemesh.stream.trace.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code stream_trace} table: the root span context ({@code traceparent}) of each playing stream, shared by
 * every replica that serves it, so one play is one trace whichever replica makes which segment.
 */
@ApplicationScoped
public class StreamTraceRepository {

    /** A stream quiet for this long is over: the next play of the same item starts a new trace. */
    private static final String FRESH = "10 minutes";

    @Inject
    Pool pool;

    /** The stream's root: the one already there while the stream is fresh, else {@code candidate} (stored). */
    public Uni<String> rootOf(String streamKey, String candidate) {
        return pool.preparedQuery("INSERT INTO stream_trace (stream_key, traceparent, updated_at) VALUES ($1, $2, "
                        + "now()) ON CONFLICT (stream_key) DO UPDATE SET traceparent = CASE WHEN "
                        + "stream_trace.updated_at < now() - interval '" + FRESH + "' THEN EXCLUDED.traceparent ELSE "
                        + "stream_trace.traceparent END, updated_at = now() RETURNING traceparent")
                .execute(Tuple.of(streamKey, candidate)).map(rows -> rows.iterator().next().getString(0));
    }

    public Uni<Void> forget(String streamKey) {
        return pool.preparedQuery("DELETE FROM stream_trace WHERE stream_key = $1").execute(Tuple.of(streamKey))
                .replaceWithVoid();
    }
}
