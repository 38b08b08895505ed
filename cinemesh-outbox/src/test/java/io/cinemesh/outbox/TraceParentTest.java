package io.cinemesh.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

class TraceParentTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aSampledSpanIsWrittenAsTheW3cHeader() {
        SpanContext span = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", TraceParent.of(span));
    }

    @Test
    void aStoredValueContinuesTheSameTraceAsARemoteParent() {
        SpanContext read = Span.fromContext(TraceParent.context("00-" + TRACE + "-" + SPAN + "-01")).getSpanContext();
        assertTrue(read.isValid());
        assertTrue(read.isRemote());
        assertEquals(TRACE, read.getTraceId());
        assertEquals(SPAN, read.getSpanId());
        assertTrue(read.isSampled());
    }

    @Test
    void anUnsampledSpanStaysUnsampled() {
        SpanContext span = SpanContext.create(TRACE, SPAN, TraceFlags.getDefault(), TraceState.getDefault());
        String stored = TraceParent.of(span);
        assertEquals("00-" + TRACE + "-" + SPAN + "-00", stored);
        assertFalse(Span.fromContext(TraceParent.context(stored)).getSpanContext().isSampled());
    }

    @Test
    void noSpanIsStoredAsNothing() {
        assertNull(TraceParent.of(SpanContext.getInvalid()));
        assertNull(TraceParent.of(null));
    }

    @Test
    void missingOrMalformedValuesStartNoTrace() {
        for (String bad : new String[] {null, "", "garbage", "00-" + TRACE + "-" + SPAN,
                "00-00000000000000000000000000000000-" + SPAN + "-01", "00-" + TRACE + "-zz" + SPAN.substring(2) + "-01"}) {
            assertFalse(Span.fromContext(TraceParent.context(bad)).getSpanContext().isValid(), String.valueOf(bad));
        }
    }
}
