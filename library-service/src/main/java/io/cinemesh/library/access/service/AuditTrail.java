package io.cinemesh.library.access.service;

import io.cinemesh.events.AuditEvents;
import io.cinemesh.events.Topics;
import io.cinemesh.outbox.SqlClientOutbox;
import io.cinemesh.tokens.Caller;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** Stages an {@code audit.events} record in the same transaction as the change it describes. */
public final class AuditTrail {

    private AuditTrail() {
    }

    public static Uni<Void> stage(SqlConnection conn, Caller by, String from, String action, String target) {
        var ctx = Span.current().getSpanContext();
        return SqlClientOutbox.stage(conn.getDelegate(), Topics.AUDIT, AuditEvents.record("library-service",
                Long.toString(by.userId()), by.name(), action, target, from, "success",
                ctx.isValid() ? ctx.getTraceId() : null));
    }
}
