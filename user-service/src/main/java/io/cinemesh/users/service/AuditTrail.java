package io.cinemesh.users.service;

import io.cinemesh.events.AuditEvents;
import io.cinemesh.events.Topics;
import io.cinemesh.outbox.EventOutbox;
import io.cinemesh.tokens.Caller;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stages this service's {@code audit.events} records in the transaction of the change they describe. Targets
 * name things by id ({@code account:7}, {@code token:<id>}); never a password, PIN, token or typed login.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String SOURCE = "user-service";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String DENIED = "denied";

    @Inject
    EventOutbox outbox;

    public Uni<Void> record(Caller actor, String action, String target, RequestInfo info, String result) {
        return record(Long.toString(actor.userId()), actor.name(), action, target, info, result);
    }

    /** For actions before anyone is known (a failed sign-in): {@code actorId} may be {@code "anonymous"}. */
    public Uni<Void> record(String actorId, String actorName, String action, String target, RequestInfo info,
            String result) {
        return outbox.stage(Topics.AUDIT, AuditEvents.record(SOURCE, actorId, actorName, action, target,
                info == null ? null : info.from(), result, traceId()));
    }

    static String traceId() {
        SpanContext ctx = Span.current().getSpanContext();
        return ctx.isValid() ? ctx.getTraceId() : null;
    }
}
