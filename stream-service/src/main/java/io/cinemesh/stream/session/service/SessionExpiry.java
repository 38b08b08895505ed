package io.cinemesh.stream.session.service;

import io.cinemesh.events.EventTypes;
import io.cinemesh.stream.config.ScheduledWork;
import io.cinemesh.stream.session.repository.StreamSession;
import io.cinemesh.stream.trace.StreamMetrics;
import io.cinemesh.stream.trace.StreamTraces;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ends playbacks whose client stopped reporting (a player that crashed or lost the network never sends
 * {@code stopped}). Every replica runs this; the conditional delete lets exactly one of them end each session
 * and publish its {@code playback.stopped}.
 */
@ApplicationScoped
public class SessionExpiry {

    private static final Logger LOG = Logger.getLogger(SessionExpiry.class);

    @Inject
    PlaybackService playback;
    @Inject
    StreamTraces traces;
    @Inject
    StreamMetrics metrics;

    @Inject
    ScheduledWork work;
    @ConfigProperty(name = "cinemesh.session-idle-timeout", defaultValue = "60s")
    Duration idle;

    @Scheduled(every = "${cinemesh.session-expiry-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return work.run(() -> expire()
                .onFailure().invoke(e -> LOG.warnf("Session expiry failed this round: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid());
    }

    public Uni<Integer> expire() {
        OffsetDateTime cutoff = OffsetDateTime.now().minus(idle);
        return Panache.withSession(() -> StreamSession.<StreamSession>list("updatedAt < ?1", cutoff))
                .flatMap(stale -> Multi.createFrom().iterable(stale).onItem()
                        .transformToUniAndConcatenate(s -> endOne(s, cutoff)).collect().asList())
                .map(ended -> (int) ended.stream().filter(b -> b).count())
                .call(n -> countActive());
    }

    private Uni<Boolean> endOne(StreamSession s, OffsetDateTime cutoff) {
        return Panache.withTransaction(() -> StreamSession.delete("id = ?1 and updatedAt < ?2", s.id, cutoff)
                .flatMap(deleted -> deleted == 1
                        ? playback.publish(EventTypes.PLAYBACK_STOPPED, s).replaceWith(true)
                        : Uni.createFrom().item(false)))
                .call(ended -> ended ? traces.endStream(StreamTraces.key(s.userId, s.ratingKey, s.clientIdentifier))
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> countActive() {
        return Panache.withSession(() -> StreamSession.<StreamSession>listAll()
                .flatMap(all -> TranscodeSessionRecord.<TranscodeSessionRecord>listAll().invoke(tx -> {
                    java.util.Map<String, Long> counts = new java.util.HashMap<>();
                    for (StreamSession s : all) {
                        String d = tx.stream().filter(t -> t.userId == s.userId && t.ratingKey.equals(s.ratingKey)
                                && java.util.Objects.equals(t.clientIdentifier, s.clientIdentifier))
                                .map(t -> t.decision).findFirst().orElse("directplay");
                        counts.merge(d, 1L, Long::sum);
                    }
                    for (String d : List.of("directplay", "copy", "transcode")) {
                        metrics.activeStreams(d, counts.getOrDefault(d, 0L));
                    }
                }))).replaceWithVoid();
    }
}
