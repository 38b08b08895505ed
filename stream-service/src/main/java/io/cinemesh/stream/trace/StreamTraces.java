package io.cinemesh.stream.trace;

import io.cinemesh.outbox.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes every stream one trace. A stream is a user playing an item on a client; its requests (decision,
 * playlists, segments, part ranges, timeline reports) arrive as separate HTTP requests, on any replica. The
 * first replica that sees a stream opens a root span and records its context in PostgreSQL; every request of
 * the stream then opens its span as a child of that root (linked to the request's own server span), so the
 * stream reads as one trace whichever replicas served it.
 */
@ApplicationScoped
public class StreamTraces {

    /** A stream quiet for this long is over: the next play of the same item starts a new trace. */
    private static final String FRESH = "10 minutes";
    private static final long LOCAL_CACHE_MS = 30_000;

    @Inject
    Tracer tracer;
    @Inject
    Pool pool;

    private record Known(Context context, long until) {
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public static String key(long userId, String ratingKey, String clientIdentifier) {
        return userId + ":" + ratingKey + ":" + (clientIdentifier == null ? "" : clientIdentifier);
    }

    /** The stream's root context, opening the stream's trace if this is its first request anywhere. */
    public Uni<Context> stream(String key, Map<String, String> rootAttributes) {
        Known k = known.get(key);
        if (k != null && k.until > System.currentTimeMillis()) {
            return Uni.createFrom().item(k.context);
        }
        Span root = tracer.spanBuilder("stream").setNoParent().setSpanKind(SpanKind.INTERNAL).startSpan();
        rootAttributes.forEach((a, v) -> {
            if (v != null) {
                root.setAttribute(a, v);
            }
        });
        String candidate = TraceParent.of(root.getSpanContext());
        if (candidate == null) { // tracing is off: nothing to share with the other replicas
            root.end();
            return Uni.createFrom().item(Context.root());
        }
        String sql = "INSERT INTO stream_trace (stream_key, traceparent, updated_at) VALUES ($1, $2, now()) "
                + "ON CONFLICT (stream_key) DO UPDATE SET traceparent = CASE WHEN stream_trace.updated_at < now() - "
                + "interval '" + FRESH + "' THEN EXCLUDED.traceparent ELSE stream_trace.traceparent END, "
                + "updated_at = now() RETURNING traceparent";
        return pool.preparedQuery(sql).execute(Tuple.of(key, candidate))
                .map(rows -> rows.iterator().next().getString(0))
                .onFailure().recoverWithItem(candidate)
                .map(winner -> {
                    root.end();
                    Context ctx = TraceParent.context(winner);
                    known.put(key, new Known(ctx, System.currentTimeMillis() + LOCAL_CACHE_MS));
                    return ctx;
                });
    }

    /** Ends a stream: its next play is a new trace. */
    public Uni<Void> endStream(String key) {
        known.remove(key);
        return pool.preparedQuery("DELETE FROM stream_trace WHERE stream_key = $1").execute(Tuple.of(key))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** A span of the stream, linked to the request that caused it. Callers end it. */
    public Span child(Context stream, String name) {
        SpanContext request = Span.current().getSpanContext();
        var builder = tracer.spanBuilder(name).setParent(stream).setSpanKind(SpanKind.INTERNAL);
        if (request.isValid()) {
            builder.addLink(request);
        }
        return builder.startSpan();
    }
}
