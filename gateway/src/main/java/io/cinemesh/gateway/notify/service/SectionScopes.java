package io.cinemesh.gateway.notify.service;

import io.cinemesh.tokens.access.UserAccessClient;
import io.cinemesh.gateway.notify.mapping.RatingScale;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Which sections a listener's user may see, as user-service says, cached per user until {@code user.events} says
 * the user or its shares changed, or for {@code cinemesh.access.cache-ttl} at most, so that a change whose event
 * is lost still applies. The owner sees all without asking anyone.
 */
@ApplicationScoped
public class SectionScopes {

    @Inject
    @RestClient
    UserAccessClient users;

    /** How long a cached scope is trusted when no {@code user.events} message says it changed. */
    @ConfigProperty(name = "cinemesh.access.cache-ttl", defaultValue = "30s")
    Duration ttl;

    private record Cached(SectionScope scope, long expiresAtNanos) {
    }

    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    public Duration ttl() {
        return ttl;
    }

    /** Fails when user-service cannot say (the caller then gets a 503, never more than its shares). */
    public Uni<SectionScope> of(Caller caller, String token) {
        if (caller.isOwner()) {
            return Uni.createFrom().item(SectionScope.ALL);
        }
        Cached cached = cache.get(caller.userId());
        if (cached != null && System.nanoTime() - cached.expiresAtNanos() < 0) {
            return Uni.createFrom().item(cached.scope());
        }
        return users.access(caller.userId(), token)
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .map(a -> {
                    SectionScope s = new SectionScope(a.allSections(),
                            a.allSections() || a.sectionIds() == null ? Set.of() : Set.copyOf(a.sectionIds()),
                            RatingScale.limitAge(a.contentRatingLimit()));
                    cache.put(caller.userId(), new Cached(s, System.nanoTime() + ttl.toNanos()));
                    return s;
                });
    }

    public void forget(long userId) {
        cache.remove(userId);
    }
}
