package io.cinemesh.gateway.client;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The server's identity as the gateway shows it on {@code /} and {@code /identity}. Fetched from user-service at
 * start and refreshed in the background (the friendly name can change); once known, it survives user-service
 * being away, so the front door keeps answering.
 */
@ApplicationScoped
public class ServerIdentityCache {

    private static final Logger LOG = Logger.getLogger(ServerIdentityCache.class);

    @Inject
    @RestClient
    ServerIdentityClient client;
    @Inject
    Vertx vertx;

    @ConfigProperty(name = "cinemesh.server.identity-refresh-ms", defaultValue = "30000")
    long refreshMs;

    private final AtomicReference<ServerIdentityClient.ServerIdentity> current = new AtomicReference<>();
    private final AtomicReference<Instant> lastFetch = new AtomicReference<>();
    private volatile String lastError;

    void start(@Observes StartupEvent ignored) {
        refresh();
    }

    private void refresh() {
        client.get().subscribe().with(identity -> {
            current.set(identity);
            lastFetch.set(Instant.now());
            lastError = null;
            vertx.setTimer(refreshMs, t -> refresh());
        }, failure -> {
            if (lastError == null) {
                LOG.warnf("user-service did not give the server identity yet: %s", failure.getMessage());
            }
            lastError = failure.getMessage();
            // Retry fast until known, then at the normal pace.
            vertx.setTimer(current.get() == null ? 1_000 : refreshMs, t -> refresh());
        });
    }

    public Optional<ServerIdentityClient.ServerIdentity> get() {
        return Optional.ofNullable(current.get());
    }

    public Optional<Instant> lastFetch() {
        return Optional.ofNullable(lastFetch.get());
    }

    public String lastError() {
        return lastError;
    }
}
