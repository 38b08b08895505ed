package io.cinemesh.gateway.health;

import io.cinemesh.gateway.client.ServerIdentityCache;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the gateway knows the server's identity (it cannot answer {@code /} before). After that a
 * user-service blip keeps it ready and shows as {@code user-service: unreachable}.
 */
@Readiness
public class ServerIdentityReadiness implements HealthCheck {

    @Inject
    ServerIdentityCache identity;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("server-identity").status(identity.get().isPresent())
                .withData("user-service", identity.lastError() == null ? "ok" : "unreachable");
        identity.get().ifPresent(i -> builder.withData("machineIdentifier", i.machineIdentifier()));
        return builder.build();
    }
}
