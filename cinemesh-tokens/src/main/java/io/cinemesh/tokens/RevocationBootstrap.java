package io.cinemesh.tokens;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads every current revocation from user-service ({@code GET /internal/revocations}) into the
 * {@link RevocationList}: at start, retried every {@code cinemesh.revocations.retry} until it works, then again every
 * {@code cinemesh.revocations.refresh}, so a service that was cut off (or started after {@code user.events} dropped
 * an old revocation) catches up. {@code user.events} stays the fast path. Off where no
 * {@code cinemesh.upstream.user-service.url} is set: user-service itself loads from its own table.
 */
@ApplicationScoped
public class RevocationBootstrap {

    private static final Logger LOG = Logger.getLogger(RevocationBootstrap.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Inject
    RevocationList revocations;
    @Inject
    TokenVerifier verifier;
    @ConfigProperty(name = "cinemesh.upstream.user-service.url")
    Optional<String> userService;
    @ConfigProperty(name = "quarkus.application.name", defaultValue = "cinemesh")
    String application;
    @Inject
    RevocationsConfig config;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private ScheduledExecutorService timer;
    private volatile String lastError;

    void start(@Observes StartupEvent event) {
        if (userService.isEmpty() || userService.get().isBlank()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revocation-bootstrap");
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::loadAndReschedule);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void loadAndReschedule() {
        boolean ok = load();
        if (!timer.isShutdown()) {
            timer.schedule(this::loadAndReschedule, (ok ? config.refresh() : config.retry()).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** One load; true when the list now holds user-service's current snapshot. */
    public boolean load() {
        try {
            URI uri = URI.create(userService.orElseThrow().replaceAll("/+$", "") + "/internal/revocations");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header(TokenFilter.TOKEN, serviceToken()).header("Accept", "application/json").GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("user-service answered " + response.statusCode());
            }
            RevocationList.Snapshot snapshot = JSON.readValue(response.body(), RevocationList.Snapshot.class);
            if (snapshot.tokens() == null || snapshot.users() == null) {
                throw new IllegalStateException("user-service's answer is not a revocation snapshot");
            }
            revocations.load(snapshot);
            if (lastError != null) {
                LOG.infof("Revocations loaded from user-service again (%d tokens, %d users)",
                        snapshot.tokens().size(), snapshot.users().size());
            }
            lastError = null;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!error.equals(lastError)) {
                LOG.warnf("Cannot load revocations from user-service (%s); retrying every %ss", error,
                        config.retry().toSeconds());
            }
            lastError = error;
            return false;
        }
    }

    /** Why the last load failed, or null. */
    public String lastError() {
        return lastError;
    }

    /**
     * A short-lived owner token for this call, signed with the cluster secret every service holds (the same trust
     * as any token); its id names the service in user-service's logs.
     */
    private String serviceToken() {
        return verifier.codec().issue(new Caller(Caller.OWNER_ID, application, CallerKind.OWNER,
                "service:" + application + ":" + UUID.randomUUID(), Instant.now().getEpochSecond()));
    }
}
