package io.cinemesh.tokens;

import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says whether the revocation list holds user-service's snapshot. As with event delivery, a service whose
 * snapshot is not loaded yet stays ready (the {@code user.events} feed still applies revocations) but shows
 * {@code revocations: stale}; only when it has had none for {@code cinemesh.revocations.max-stale} after start does
 * readiness go down, so an operator notices a service that may accept a token revoked before its topic retention.
 */
@Readiness
public class RevocationReadiness implements HealthCheck {

    private final Instant started = Instant.now();

    @Inject
    RevocationList revocations;
    @Inject
    RevocationBootstrap bootstrap;
    @Inject
    RevocationsConfig config;

    @Override
    public HealthCheckResponse call() {
        Instant loaded = revocations.loadedAt();
        boolean fresh = loaded != null;
        var builder = HealthCheckResponse.named("revocations")
                .status(fresh || Duration.between(started, Instant.now()).compareTo(config.maxStale()) < 0)
                .withData("revocations", fresh ? "loaded" : "stale");
        if (fresh) {
            builder.withData("secondsSinceLoad", Duration.between(loaded, Instant.now()).toSeconds());
        }
        if (bootstrap.lastError() != null) {
            builder.withData("lastError", bootstrap.lastError());
        }
        return builder.build();
    }
}
