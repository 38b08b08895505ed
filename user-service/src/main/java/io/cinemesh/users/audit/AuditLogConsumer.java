package io.cinemesh.users.audit;

import io.cinemesh.events.AuditEvent;
import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.outbox.ConsumerRetry;
import io.cinemesh.users.repository.AuditLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores every service's {@code audit.events} records in the audit log. Idempotent by event id (delivery is at
 * least once). Only the known fields are kept, each cut to a bounded length, and anything shaped like a Cinemesh
 * token is blanked, so that a careless publisher cannot put a secret in front of the owner. A record that cannot be
 * stored is retried and then dead-lettered ({@link ConsumerRetry}), never acknowledged as stored.
 */
@ApplicationScoped
public class AuditLogConsumer {

    private static final Logger LOG = Logger.getLogger(AuditLogConsumer.class);
    private static final Pattern TOKEN = Pattern.compile("cm1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final int MAX_FIELD = 500;

    @Inject
    AuditLog auditLog;
    @Inject
    ConsumerRetry retry;

    @Incoming("audit-events")
    public Uni<Void> store(String json) {
        CinemeshEvent event;
        UUID id;
        AuditEvent a;
        try {
            event = CinemeshEvent.fromJson(json);
            id = UUID.fromString(event.id());
            a = EventTypes.AUDIT.equals(event.type()) ? event.data(AuditEvent.class) : null;
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipping a record on audit.events that is not an event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (a == null || a.action() == null) {
            LOG.debugf("Skipping event %s of type %s on audit.events", event.id(), event.type());
            return Uni.createFrom().voidItem();
        }
        AuditLog.Record record = new AuditLog.Record(event.id(),
                (event.occurredAt() == null ? java.time.Instant.now() : event.occurredAt()).atOffset(ZoneOffset.UTC),
                clean(event.source() == null ? "unknown" : event.source()), clean(a.actorId()), clean(a.actorName()),
                clean(a.action()), clean(a.target()), clean(a.from()), clean(a.result()), clean(a.traceId()));
        return auditLog.store(id, record)
                .plug(store -> retry.store("audit record " + event.id() + " (" + a.action() + ")", store));
    }

    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String v = TOKEN.matcher(value).replaceAll("[redacted]");
        return v.length() > MAX_FIELD ? v.substring(0, MAX_FIELD) : v;
    }
}
