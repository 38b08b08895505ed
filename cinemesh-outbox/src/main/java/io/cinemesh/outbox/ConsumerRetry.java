package io.cinemesh.outbox;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    @ConfigProperty(name = "cinemesh.consumers.retry.attempts", defaultValue = "8")
    long attempts;
    @ConfigProperty(name = "cinemesh.consumers.retry.backoff", defaultValue = "PT0.5S")
    Duration backoff;
    @ConfigProperty(name = "cinemesh.consumers.retry.max-backoff", defaultValue = "PT5S")
    Duration maxBackoff;

    /** {@code store}, retried; fails (so the record is not acknowledged) once the retries are spent. */
    public <T> Uni<T> store(String what, Uni<T> store) {
        return store.onFailure().invoke(e -> LOG.warnf("Could not store %s (will retry): %s", what, e.getMessage()))
                .onFailure().retry().withBackOff(backoff, maxBackoff).atMost(attempts)
                .onFailure().invoke(e -> LOG.errorf("Giving %s to the dead-letter topic after %d retries: %s",
                        what, attempts, e.getMessage()));
    }
}
