package io.cinemesh.users.service;

import io.cinemesh.tokens.RevocationList;
import io.cinemesh.users.repository.Revocation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The current revocations from the {@code revocation} table: served to the other services at
 * {@code /internal/revocations}, and loaded into this service's own {@link RevocationList} at start.
 */
@ApplicationScoped
public class Revocations {

    private static final Logger LOG = Logger.getLogger(Revocations.class);

    @Inject
    RevocationList list;

    public Uni<RevocationList.Snapshot> snapshot() {
        return Panache.withSession(() -> Revocation.<Revocation>listAll()).map(rows -> {
            List<String> tokens = new ArrayList<>();
            Map<Long, Long> users = new HashMap<>();
            for (Revocation r : rows) {
                if (r.tokenId != null) {
                    tokens.add(r.tokenId);
                } else {
                    users.merge(r.accountId, r.issuedUpTo, Math::max);
                }
            }
            return new RevocationList.Snapshot(tokens, users.entrySet().stream()
                    .map(e -> new RevocationList.UserCutoff(e.getKey(), e.getValue())).toList());
        });
    }

    /** Before the first request: Flyway has just run, so the table is there; readiness says stale otherwise. */
    void load(@Observes StartupEvent event) {
        try {
            list.load(VertxContextSupport.subscribeAndAwait(() -> snapshot().onFailure().retry()
                    .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(2)).atMost(2)));
        } catch (Throwable e) {
            LOG.errorf("Cannot load revocations from the database (%s); trying again every few seconds",
                    e.getMessage());
        }
    }

    /**
     * A list the start could not load (the database away or not migrated yet) is loaded as soon as it can be:
     * readiness goes down once {@code cinemesh.revocations.max-stale} passes without it, and must come back with
     * the database, not only with a restart.
     */
    @Scheduled(every = "${cinemesh.revocations.retry:2s}", concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> loadUntilLoaded() {
        if (list.loadedAt() != null) {
            return Uni.createFrom().voidItem();
        }
        return snapshot().invoke(snapshot -> {
            list.load(snapshot);
            LOG.info("Revocations loaded from the database");
        }).onFailure().invoke(e -> LOG.debugf("Revocations still not loaded: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
