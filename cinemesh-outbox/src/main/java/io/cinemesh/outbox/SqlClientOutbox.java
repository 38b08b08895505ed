package io.cinemesh.outbox;

import io.cinemesh.events.CinemeshEvent;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@link EventOutbox} for code that writes through the Vert.x SQL client rather than Hibernate Reactive (bulk
 * writers such as a library scanner): stages the event on the caller's connection, so it commits or rolls back
 * with the change it describes. {@link OutboxRelay} delivers it like any other row.
 */
public final class SqlClientOutbox {

    private SqlClientOutbox() {
    }

    /** Stages an event on {@code connection}; call it inside the transaction of the change. */
    public static Uni<Void> stage(SqlClient connection, String topic, CinemeshEvent event) {
        return Uni.createFrom().completionStage(() -> connection
                .preparedQuery("INSERT INTO event_outbox (id, topic, event_key, payload, traceparent, created_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(UUID.fromString(event.id()), topic,
                        event.subject() == null ? "" : event.subject(), event.toJson(),
                        TraceParent.of(Span.current().getSpanContext()), OffsetDateTime.now()))
                .toCompletionStage()).replaceWithVoid();
    }
}
