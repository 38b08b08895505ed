package io.cinemesh.outbox;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says how event delivery is doing. A Kafka blip keeps the service ready (requests still work and the outbox
 * keeps what it owes) but shows here as {@code kafka: unreachable} with the backlog; only an outage longer than
 * {@code cinemesh.outbox.max-outage} turns readiness down, so that an operator's alerting notices.
 */
@Readiness
public class OutboxReadiness implements AsyncHealthCheck {

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "cinemesh.outbox.max-outage", defaultValue = "PT15M")
    Duration maxOutage;

    @Override
    public Uni<HealthCheckResponse> call() {
        return relay.backlog().map(backlog -> {
            Duration since = relay.sinceLastDelivery();
            boolean healthy = relay.lastError() == null;
            return HealthCheckResponse.named("event-delivery")
                    .status(healthy || since.compareTo(maxOutage) < 0)
                    .withData("kafka", healthy ? "ok" : "unreachable")
                    .withData("outboxBacklog", backlog)
                    .withData("secondsSinceLastDelivery", since.toSeconds())
                    .build();
        });
    }
}
