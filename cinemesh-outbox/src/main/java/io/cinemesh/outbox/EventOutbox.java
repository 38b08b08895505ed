package io.cinemesh.outbox;

import io.cinemesh.events.CinemeshEvent;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where services publish events: {@code stage} writes the event in the caller's transaction, so the event exists
 * exactly when the change it describes was committed; {@link OutboxRelay} delivers it. A change made through
 * Hibernate Reactive stages with {@link #stage(String, CinemeshEvent)}; one made through the reactive SQL client
 * (bulk writers such as the library scanner, query-built repositories) stages on its own connection with
 * {@link #stage(SqlClient, String, CinemeshEvent)}. Never send to Kafka inside a reactive transaction (Hibernate
 * Reactive fails with HR000069).
 */
@ApplicationScoped
public class EventOutbox {

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    /** Stages an event; call inside {@code Panache.withTransaction}. */
    public Uni<Void> stage(String topic, CinemeshEvent event) {
        OutboxEntry entry = new OutboxEntry();
        entry.id = UUID.fromString(event.id());
        entry.topic = topic;
        entry.eventKey = key(event);
        entry.payload = event.toJson();
        entry.traceparent = TraceParent.of(Span.current().getSpanContext());
        entry.createdAt = OffsetDateTime.now();
        return entry.persist().replaceWithVoid();
    }

    /** Stages an event on {@code connection}; call it inside the transaction of the change. */
    public Uni<Void> stage(SqlClient connection, String topic, CinemeshEvent event) {
        return connection.preparedQuery("INSERT INTO event_outbox (id, topic, event_key, payload, traceparent, "
                        + "created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(new Object[] {UUID.fromString(event.id()), topic, key(event), event.toJson(),
                        TraceParent.of(Span.current().getSpanContext()), OffsetDateTime.now()}))
                .replaceWithVoid();
    }

    /** The service's name, which its events and audit records carry as their source. */
    public String source() {
        return source;
    }

    private static String key(CinemeshEvent event) {
        return event.subject() == null ? "" : event.subject();
    }
}
