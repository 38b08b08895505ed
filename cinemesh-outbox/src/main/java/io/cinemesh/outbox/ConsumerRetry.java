package io.cinemesh.outbox;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The one failure policy of every consumer that stores what it reads: a store that fails is retried with back-off
 * ({@code cinemesh.consumers.retry.*}), in place, so later records of the partition wait behind it and nothing is
 * applied out of order; when the retries run out the failure reaches the connector un-acknowledged, whose
 * {@code failure-strategy=dead-letter-queue} puts the record on {@code <topic>.dlq} for an operator to replay.
 * A consumer must never turn a failed store into an ack: that is how events were lost.
 */
@ApplicationScoped
public class ConsumerRetry {

    private static final Logger LOG = Logger.getLogger(ConsumerRetry.class);

    @Inject
    ConsumerRetryConfig config;

    /** {@code store}, retried; fails (so the record is not acknowledged) once the retries are spent. */
    public <T> Uni<T> store(String what, Uni<T> store) {
        return store.onFailure().invoke(e -> LOG.warnf("Could not store %s (will retry): %s", what, e.getMessage()))
                .onFailure().retry().withBackOff(config.backoff(), config.maxBackoff()).atMost(config.attempts())
                .onFailure().invoke(e -> LOG.errorf("Giving %s to the dead-letter topic after %d retries: %s",
                        what, config.attempts(), e.getMessage()));
    }
}
