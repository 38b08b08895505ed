package io.cinemesh.tokens.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Rewrites the URL attributes of every span as it starts, before any exporter can see it: the HTTP server and
 * client instrumentations record the whole query, and players send their token in it. Quarkus registers every
 * {@link SpanProcessor} bean with the tracer provider, so each service that depends on this module has it.
 */
@ApplicationScoped
@Unremovable
public class RedactingSpanProcessor implements SpanProcessor {

    /** Current and older semantic-convention names of attributes that can hold a query. */
    static final List<AttributeKey<String>> URL_KEYS = List.of(AttributeKey.stringKey("url.query"),
            AttributeKey.stringKey("url.full"), AttributeKey.stringKey("url.original"),
            AttributeKey.stringKey("http.target"), AttributeKey.stringKey("http.url"));

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {
        // Span names are route templates or methods, but a hand-made one could carry a request target.
        if (span.getName().indexOf('?') >= 0) {
            span.updateName(SecretQuery.redactUrl(span.getName()));
        }
        for (AttributeKey<String> key : URL_KEYS) {
            String value = span.getAttribute(key);
            if (value == null) {
                continue;
            }
            String clean = key.getKey().equals("url.query") ? SecretQuery.redactQuery(value)
                    : SecretQuery.redactUrl(value);
            if (!clean.equals(value)) {
                span.setAttribute(key, clean);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
