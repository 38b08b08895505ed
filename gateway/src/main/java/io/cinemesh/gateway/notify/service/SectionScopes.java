package io.cinemesh.gateway.notify.service;

import io.cinemesh.gateway.client.UserAccessClient;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Which sections a listener's user may see, as user-service says, cached per user until {@code user.events} says
 * the user or its shares changed. The owner sees all without asking anyone.
 */
@ApplicationScoped
public class SectionScopes {

    @Inject
    @RestClient
    UserAccessClient users;

    private final Map<Long, SectionScope> cache = new ConcurrentHashMap<>();

    /** Fails when user-service cannot say (the caller then gets a 503, never more than its shares). */
    public Uni<SectionScope> of(Caller caller, String token) {
        if (caller.isOwner()) {
            return Uni.createFrom().item(SectionScope.ALL);
        }
        SectionScope cached = cache.get(caller.userId());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return users.access(caller.userId(), token)
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .map(a -> {
                    SectionScope s = a.allSections() ? SectionScope.ALL
                            : new SectionScope(false, a.sectionIds() == null ? Set.of() : Set.copyOf(a.sectionIds()));
                    cache.put(caller.userId(), s);
                    return s;
                });
    }

    public void forget(long userId) {
        cache.remove(userId);
    }
}
