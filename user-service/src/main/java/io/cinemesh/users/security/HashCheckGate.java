package io.cinemesh.users.security;

import io.cinemesh.users.config.SigninConfig;
import io.cinemesh.users.service.OffLoop;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the password and PIN hashes computed at once. One PBKDF2 check costs about a third of a CPU second, and
 * anyone may ask for one, so without a bound a burst of sign-ins is a denial of service that needs no account.
 * At most {@code concurrent-checks} run; at most {@code queued-checks} more wait for a turn on a worker thread;
 * anything beyond that is turned away at once (the caller answers 503 with Retry-After), never queued without end.
 */
@ApplicationScoped
public class HashCheckGate {

    @Inject
    SigninConfig config;
    @Inject
    OffLoop offLoop;

    private Semaphore admitted;
    private Semaphore running;

    @PostConstruct
    void init() {
        int concurrent = config.concurrentChecks();
        int queued = config.queuedChecks();
        if (concurrent < 1 || queued < 0) {
            throw new IllegalArgumentException("cinemesh.signin.concurrent-checks must be at least 1 and "
                    + "cinemesh.signin.queued-checks at least 0");
        }
        admitted = new Semaphore(concurrent + queued);
        running = new Semaphore(concurrent, true);
    }

    /** The check's result, or empty when too many checks are running and waiting already. */
    public <T> Uni<Optional<T>> check(Supplier<T> check) {
        if (!admitted.tryAcquire()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return offLoop.run(() -> {
            running.acquireUninterruptibly();
            try {
                return Optional.of(check.get());
            } finally {
                running.release();
            }
        }).eventually(() -> admitted.release());
    }
}
