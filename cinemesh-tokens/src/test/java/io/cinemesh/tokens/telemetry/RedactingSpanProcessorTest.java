package io.cinemesh.tokens.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactingSpanProcessorTest {

    @Test
    void whatAnExporterReceivesHasNoSecretsInItsUrlAttributes() {
        List<SpanData> exported = new ArrayList<>();
        SpanExporter memory = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exported.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new RedactingSpanProcessor())
                .addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
            provider.get("test").spanBuilder("GET /library/sections?X-Plex-Token=abc").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("url.full", "http://127.0.0.1:8081/library/sections?X-Plex-Token=abc&type=1")
                    .setAttribute("url.query", "p=pw&u=alice")
                    .setAttribute("http.target", "/rest/ping.view?t=tok&s=salt")
                    .setAttribute("url.path", "/library/sections")
                    .startSpan().end();
        }
        SpanData span = exported.get(0);
        assertEquals("GET /library/sections?X-Plex-Token=REDACTED", span.getName());
        assertEquals("http://127.0.0.1:8081/library/sections?X-Plex-Token=REDACTED&type=1",
                span.getAttributes().get(AttributeKey.stringKey("url.full")));
        assertEquals("p=REDACTED&u=alice", span.getAttributes().get(AttributeKey.stringKey("url.query")));
        assertEquals("/rest/ping.view?t=REDACTED&s=REDACTED",
                span.getAttributes().get(AttributeKey.stringKey("http.target")));
        assertEquals("/library/sections", span.getAttributes().get(AttributeKey.stringKey("url.path")));
    }
}
