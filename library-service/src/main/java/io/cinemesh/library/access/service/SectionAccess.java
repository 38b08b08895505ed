package io.cinemesh.library.access.service;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.library.access.client.UserAccess;
import io.cinemesh.library.access.client.UserAccessClient;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Which sections the caller may see. The owner sees all without asking anyone; everyone else's shares come from
 * user-service, cached per user and dropped when {@code user.events} says they changed ({@code share.changed},
 * {@code user.changed}, {@code user.deleted}).
 */
@ApplicationScoped
public class SectionAccess {

    private static final Logger LOG = Logger.getLogger(SectionAccess.class);

    /** All sections, or just these. */
    public record Scope(boolean all, List<Long> sectionIds) {
        public static final Scope ALL = new Scope(true, List.of());

        public boolean allows(long sectionId) {
            return all || sectionIds.contains(sectionId);
        }

        /** For SQL: null means no restriction. */
        public Long[] idsOrNull() {
            return all ? null : sectionIds.toArray(Long[]::new);
        }
    }

    @Inject
    @RestClient
    UserAccessClient users;
    @Inject
    CurrentCaller caller;
    @Inject
    RequestToken token;

    private final Map<Long, Scope> cache = new ConcurrentHashMap<>();

    public Uni<Scope> scope() {
        Caller c = caller.get();
        if (c.isOwner()) {
            return Uni.createFrom().item(Scope.ALL);
        }
        Scope cached = cache.get(c.userId());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return users.access(c.userId(), token.get())
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .map(a -> {
                    Scope s = a.allSections() ? Scope.ALL
                            : new Scope(false, a.sectionIds() == null ? List.of() : List.copyOf(a.sectionIds()));
                    cache.put(c.userId(), s);
                    return s;
                })
                .onFailure().transform(e -> {
                    LOG.warnf("Cannot read shares of user %d from user-service: %s", c.userId(), e.getMessage());
                    return new ServiceUnavailableException("Library shares are unavailable right now; try again");
                });
    }

    public void forget(long userId) {
        cache.remove(userId);
    }

    /** A second consumer of user.events with its own group, so revocations and shares never compete. */
    @Incoming("user-events-acl")
    public void onUserEvent(String json) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            return;
        }
        switch (event.type()) {
            case EventTypes.SHARE_CHANGED, EventTypes.USER_CHANGED, EventTypes.USER_DELETED -> {
                Long userId = event.number("userId");
                if (userId != null) {
                    forget(userId);
                }
            }
            default -> {
            }
        }
    }
}
