package io.cinemesh.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * A span's context kept in a database row (an outbox entry, a stream's root) and carried on later: written and
 * read with OpenTelemetry's W3C propagator, so the stored text is exactly the {@code traceparent} header that
 * Kafka and HTTP instrumentation read.
 */
public final class TraceParent {

    private static final String HEADER = "traceparent";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParent() {
    }

    /** The header value for a span's context, or null when there is no valid span to continue. */
    public static String of(SpanContext span) {
        if (span == null || !span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(span)), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** The context a stored value continues; the root context when the value is missing or malformed. */
    public static Context context(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(HEADER, traceparent), GETTER);
    }
}
