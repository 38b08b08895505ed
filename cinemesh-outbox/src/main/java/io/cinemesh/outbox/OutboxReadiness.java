package io.cinemesh.outbox;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says how event delivery is doing, without ever turning readiness down. Kafka away is a degraded state, not an
 * outage: requests that PostgreSQL serves still work and the outbox keeps what it owes, while a readiness that went
 * down would take every replica's endpoints away at once (all of them lose the same broker together). So the check
 * stays UP and says {@code kafka: unreachable}, {@code state: degraded} with the backlog; past
 * {@code cinemesh.outbox.max-outage} it adds {@code alert: true}, which is what an operator's alerting should watch.
 */
@Readiness
public class OutboxReadiness implements AsyncHealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Override
    public Uni<HealthCheckResponse> call() {
        return relay.backlog().map(backlog -> {
            Duration since = relay.sinceLastDelivery();
            boolean healthy = relay.lastError() == null;
            return HealthCheckResponse.named("event-delivery").up()
                    .withData("kafka", healthy ? "ok" : "unreachable")
                    .withData("state", healthy ? "ok" : "degraded")
                    .withData("alert", !healthy && since.compareTo(config.maxOutage()) >= 0)
                    .withData("outboxBacklog", backlog)
                    .withData("secondsSinceLastDelivery", since.toSeconds())
                    .build();
        });
    }
}
