package io.cinemesh.outbox;

import io.cinemesh.events.AuditEvents;
import io.cinemesh.events.Topics;
import io.cinemesh.tokens.Caller;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stages a service's {@code audit.events} records in the transaction of the change they describe, named after the
 * service and carrying the request's trace id. Targets name things by id ({@code account:7}, {@code section:3});
 * never a password, PIN, token or typed login: the owner reads them as they are.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String DENIED = "denied";

    @Inject
    EventOutbox outbox;

    /** In a Hibernate Reactive transaction ({@code Panache.withTransaction}). */
    public Uni<Void> record(Caller actor, String action, String target, String from, String result) {
        return record(Long.toString(actor.userId()), actor.name(), action, target, from, result);
    }

    /** For actions before anyone is known (a failed sign-in): {@code actorId} may be {@code "anonymous"}. */
    public Uni<Void> record(String actorId, String actorName, String action, String target, String from,
            String result) {
        return outbox.stage(Topics.AUDIT, AuditEvents.record(outbox.source(), actorId, actorName, action, target,
                from, result, traceId()));
    }

    /** A successful change made in a transaction on {@code connection} (the reactive SQL client). */
    public Uni<Void> record(SqlClient connection, Caller actor, String action, String target, String from) {
        return outbox.stage(connection, Topics.AUDIT, AuditEvents.record(outbox.source(),
                Long.toString(actor.userId()), actor.name(), action, target, from, SUCCESS, traceId()));
    }

    private static String traceId() {
        SpanContext ctx = Span.current().getSpanContext();
        return ctx.isValid() ? ctx.getTraceId() : null;
    }
}
