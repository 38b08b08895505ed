package io.cinemesh.outbox;

import io.cinemesh.events.CinemeshEvent;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Where services publish events: {@link #stage} writes the event in the caller's transaction, so the event
 * exists exactly when the change it describes was committed; {@link OutboxRelay} delivers it. Never send to
 * Kafka inside a reactive transaction (Hibernate Reactive fails with HR000069).
 */
@ApplicationScoped
public class EventOutbox {

    /** Stages an event; call inside {@code Panache.withTransaction}. */
    public Uni<Void> stage(String topic, CinemeshEvent event) {
        OutboxEntry entry = new OutboxEntry();
        entry.id = UUID.fromString(event.id());
        entry.topic = topic;
        entry.eventKey = event.subject() == null ? "" : event.subject();
        entry.payload = event.toJson();
        entry.traceparent = TraceParent.of(Span.current().getSpanContext());
        entry.createdAt = OffsetDateTime.now();
        return entry.persist().replaceWithVoid();
    }
}
