package io.cinemesh.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Delivers staged events to Kafka, oldest first, and forgets them once Kafka acknowledged them. While Kafka is
 * away the rows simply wait; {@link OutboxReadiness} reports the backlog. Several replicas may relay at once:
 * each leases its batch ({@code FOR UPDATE SKIP LOCKED}), and a replica that dies mid-batch loses only its
 * lease, so an event may be delivered twice (consumers dedupe by event id) but never lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    @Channel("cinemesh-outbox")
    Emitter<String> emitter;

    @Inject
    OutboxConfig config;

    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>(Instant.now());
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean stopping;

    @Inject
    void metrics(MeterRegistry registry) {
        registry.more().counter("cinemesh.outbox.delivered", List.of(), delivered);
    }

    // Only while the application runs: the emitter's channel is wired by a start-up observer (a run before it
    // failed to inject the emitter, an ERROR with a stack trace on every start), and the pool closes at shutdown.
    @Scheduled(every = "${cinemesh.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> relay() {
        return leaseBatch().chain(this::send).onFailure().recoverWithUni(e -> {
            String msg = e.getMessage();
            if (stopping) {
                // A run under way when shutdown began meets the closing pool: the rows wait for the next start.
                return Uni.createFrom().voidItem();
            }
            if (!java.util.Objects.equals(msg, lastError.getAndSet(msg))) {
                LOG.warnf("Events wait in the outbox: %s", msg);
            }
            return Uni.createFrom().voidItem();
        });
    }

    void stopping(@Observes ShutdownEvent ignored) {
        stopping = true;
    }

    /** Time since Kafka last took a batch (or since start); the readiness check reports it. */
    public Duration sinceLastDelivery() {
        return Duration.between(lastSuccess.get(), Instant.now());
    }

    public String lastError() {
        return lastError.get();
    }

    public Uni<Long> backlog() {
        return Panache.withSession(() -> OutboxEntry.count());
    }

    @SuppressWarnings("unchecked")
    private Uni<List<OutboxEntry>> leaseBatch() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE event_outbox SET lease_until = now() + make_interval(secs => :lease), "
                        + "attempts = attempts + 1 WHERE id IN (SELECT id FROM event_outbox WHERE lease_until IS NULL "
                        + "OR lease_until < now() ORDER BY created_at LIMIT :n FOR UPDATE SKIP LOCKED) RETURNING *",
                        OutboxEntry.class)
                .setParameter("lease", (double) config.lease().toSeconds())
                .setParameter("n", config.batchSize())
                .getResultList()));
    }

    private Uni<Void> send(List<OutboxEntry> batch) {
        if (batch.isEmpty()) {
            // Nothing to send now; only an empty outbox proves nothing is owed. Rows leased after a failed send
            // must not make an outage look healthy.
            return backlog().invoke(owed -> {
                if (owed == 0) {
                    lastSuccess.set(Instant.now());
                    lastError.set(null);
                }
            }).replaceWithVoid();
        }
        batch.sort(java.util.Comparator.comparing(e -> e.createdAt));
        List<CompletableFuture<UUID>> acks = new ArrayList<>();
        for (OutboxEntry entry : batch) {
            CompletableFuture<UUID> ack = new CompletableFuture<>();
            RecordHeaders headers = new RecordHeaders();
            if (entry.traceparent != null) {
                headers.add("traceparent", entry.traceparent.getBytes(StandardCharsets.US_ASCII));
            }
            var metadata = OutgoingKafkaRecordMetadata.<String>builder().withTopic(entry.topic)
                    .withKey(entry.eventKey).withHeaders(headers).build();
            UUID id = entry.id;
            emitter.send(Message.of(entry.payload).addMetadata(metadata)
                    .withAck(() -> {
                        ack.complete(id);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        ack.completeExceptionally(e);
                        return CompletableFuture.completedFuture(null);
                    }));
            acks.add(ack);
        }
        // Kafka completes acks on its own network thread; Hibernate Reactive must continue on the relay's Vert.x
        // context, or the delete fails ("No current Vertx context found") and every event is sent again later.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return Uni.join().all(acks.stream().map(a -> Uni.createFrom().completionStage(a)
                        .onFailure().recoverWithNull()).toList()).andFailFast()
                .emitOn(task -> {
                    if (context == null) {
                        task.run();
                    } else {
                        context.runOnContext(v -> task.run());
                    }
                })
                .chain(ids -> {
                    List<UUID> done = ids.stream().filter(java.util.Objects::nonNull).toList();
                    if (done.size() < batch.size()) {
                        lastError.set("Kafka refused or timed out on " + (batch.size() - done.size()) + " events");
                    } else {
                        lastSuccess.set(Instant.now());
                        lastError.set(null);
                    }
                    delivered.addAndGet(done.size());
                    List<UUID> failed = batch.stream().map(e -> e.id).filter(id -> !done.contains(id)).toList();
                    return Panache.withTransaction(() -> {
                        Uni<Long> deleted = done.isEmpty() ? Uni.createFrom().item(0L)
                                : OutboxEntry.delete("id in ?1", done);
                        // Hand failed rows back at once: the next run retries them, and waiting for Kafka's
                        // delivery timeout there is the back-off.
                        return deleted.chain(() -> failed.isEmpty() ? Uni.createFrom().item(0)
                                : OutboxEntry.update("leaseUntil = null where id in ?1", failed));
                    }).replaceWithVoid();
                });
    }
}
