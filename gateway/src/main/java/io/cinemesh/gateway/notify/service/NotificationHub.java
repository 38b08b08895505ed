package io.cinemesh.gateway.notify.service;

import io.cinemesh.events.AccessChanges;
import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.UserEvent;
import io.cinemesh.gateway.config.NotificationsConfig;
import io.cinemesh.gateway.notify.mapping.PlexNotifications;
import io.cinemesh.tokens.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The gateway's notification fan-out. Each replica follows {@code library.events} and {@code playback.events}
 * with a consumer group of its own from the latest offset (notifications are live, never replayed) and hands
 * each event, in Plex's shape, to the listeners that may hear it. {@code user.events} keeps their share scopes
 * and tokens current.
 */
@ApplicationScoped
public class NotificationHub {

    private static final Logger LOG = Logger.getLogger(NotificationHub.class);

    @Inject
    Vertx vertx;
    @Inject
    TokenVerifier verifier;
    @Inject
    SectionScopes scopes;
    @Inject
    MeterRegistry registry;

    @Inject
    NotificationsConfig notifications;

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private Counter sent;
    private Counter tooSlow;

    void start(@Observes StartupEvent ignored) {
        for (String transport : List.of("websocket", "eventsource")) {
            registry.gauge("cinemesh.notifications.listeners", io.micrometer.core.instrument.Tags.of("transport",
                    transport), listeners, l -> l.stream().filter(x -> x.transport().equals(transport)).count());
        }
        sent = registry.counter("cinemesh.notifications.sent");
        tooSlow = registry.counter("cinemesh.notifications.closed.slow");
        vertx.setPeriodic(notifications.pingIntervalMs(), t -> keepAlive());
        vertx.setPeriodic(Math.max(1_000, scopes.ttl().toMillis()), t -> refreshScopes());
    }

    /** Tells every client the server is going, so it reconnects elsewhere rather than waiting for a timeout. */
    void stop(@Observes ShutdownEvent ignored) {
        listeners.forEach(l -> l.close(Listener.GOING_AWAY, "server shutting down"));
    }

    public void register(Listener listener) {
        listener.onClose(() -> listeners.remove(listener));
        listener.onTooSlow(tooSlow::increment);
        listeners.add(listener);
    }

    public int count() {
        return listeners.size();
    }

    @Incoming("library-events-notify")
    public void onLibraryEvent(String json) {
        publish(json);
    }

    @Incoming("playback-events-notify")
    public void onPlaybackEvent(String json) {
        publish(json);
    }

    private void publish(String json) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.debugf("Skipping a record that is not an event: %s", e.getMessage());
            return;
        }
        if (listeners.isEmpty()) {
            return;
        }
        for (Notification n : PlexNotifications.of(event)) {
            for (Listener l : listeners) {
                if (l.wants(n)) {
                    l.offer(n);
                    sent.increment();
                }
            }
        }
    }

    /** Shares and tokens: a listener hears what its user may see now, and a revoked token stops hearing. */
    @Incoming("user-events-notify")
    public void onUserEvent(String json) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            return;
        }
        long userId;
        try {
            userId = event.data(UserEvent.class).userId();
        } catch (IllegalArgumentException e) {
            return;
        }
        switch (event.type()) {
            case EventTypes.SHARE_CHANGED, EventTypes.USER_CHANGED -> {
                scopes.forget(userId);
                listeners.stream().filter(l -> l.caller().userId() == userId).forEach(this::rescope);
            }
            case EventTypes.USER_DELETED -> listeners.stream().filter(l -> l.caller().userId() == userId)
                    .forEach(l -> l.close(Listener.POLICY_VIOLATION, "user deleted"));
            // From the event itself, not the revocation list: that one learns it on its own consumer, maybe later.
            case EventTypes.TOKEN_REVOKED -> AccessChanges.revokedBy(json).ifPresent(revoked -> listeners.stream()
                    .filter(l -> l.caller().userId() == userId
                            && revoked.covers(l.caller().tokenId(), l.caller().issuedAt()))
                    .forEach(l -> l.close(Listener.POLICY_VIOLATION, "token revoked")));
            default -> {
            }
        }
    }

    private void rescope(Listener l) {
        l.scope(SectionScope.NONE);
        scopes.of(l.caller(), l.token()).subscribe().with(l::scope, failure -> {
            LOG.warnf("Cannot read shares of user %d from user-service, retrying: %s", l.caller().userId(),
                    failure.getMessage());
            vertx.setTimer(5_000, t -> rescope(l));
        });
    }

    /**
     * Reads every open listener's shares again once their cached answer expired, so a share change reaches open
     * sockets within two cache lifetimes even when its {@code user.events} message never comes. A failed read
     * keeps the scope the listener had: user-service being away must not widen or silence anything.
     */
    private void refreshScopes() {
        listeners.stream().filter(l -> !l.caller().isOwner()).forEach(l -> scopes.of(l.caller(), l.token())
                .subscribe().with(l::scope, failure -> LOG.debugf("Shares of user %d not re-read: %s",
                        l.caller().userId(), failure.getMessage())));
    }

    private void recheckTokens() {
        listeners.stream().filter(l -> verifier.verify(l.token()).isEmpty())
                .forEach(l -> l.close(Listener.POLICY_VIOLATION, "token revoked"));
    }

    private void keepAlive() {
        recheckTokens();
        listeners.forEach(Listener::ping);
    }
}
