package io.cinemesh.stream.trace;

import io.cinemesh.outbox.TraceParent;
import io.cinemesh.stream.trace.repository.StreamTraceRepository;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
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

    private static final long LOCAL_CACHE_MS = 30_000;

    @Inject
    Tracer tracer;
    @Inject
    StreamTraceRepository roots;

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
        return roots.rootOf(key, candidate).onFailure().recoverWithItem(candidate)
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
        return roots.forget(key).onFailure().recoverWithNull();
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
