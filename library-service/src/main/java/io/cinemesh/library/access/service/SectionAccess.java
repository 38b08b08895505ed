package io.cinemesh.library.access.service;

import io.cinemesh.events.AccessChanges;
import io.cinemesh.tokens.access.UserAccess;
import io.cinemesh.tokens.access.UserAccessClient;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Which sections and items the caller may see. The owner sees all without asking anyone; everyone else's shares
 * and content-rating limit come from user-service, cached per user and dropped when {@code user.events} says they
 * changed ({@code share.changed}, {@code user.changed}, {@code user.deleted}) or after
 * {@code cinemesh.access.cache-ttl}, whichever comes first. Every query that lists or serves
 * items applies the whole {@link Scope} ({@link Scope#sql}, {@link Scope#allows(long, Integer)}).
 */
@ApplicationScoped
public class SectionAccess {

    private static final Logger LOG = Logger.getLogger(SectionAccess.class);

    /**
     * All sections, or just these; and for a managed user with a content-rating limit, only items whose
     * {@code item.rating_age} is at most {@code maxAge} (unrated items, age NULL, are always in).
     */
    public record Scope(boolean all, List<Long> sectionIds, Integer maxAge) {
        public static final Scope ALL = new Scope(true, List.of(), null);

        public boolean allows(long sectionId) {
            return all || sectionIds.contains(sectionId);
        }

        /** An item, by its section and its {@code rating_age}. */
        public boolean allows(long sectionId, Integer ratingAge) {
            return allows(sectionId) && (maxAge == null || ratingAge == null || ratingAge <= maxAge);
        }

        /** The same limit without the section check, for queries within a section already checked. */
        public Scope ratingOnly() {
            return new Scope(true, List.of(), maxAge);
        }

        /** For SQL: null means no restriction. */
        public Long[] idsOrNull() {
            return all ? null : sectionIds.toArray(Long[]::new);
        }

        /**
         * The visibility of items under table alias {@code alias} as SQL to append to a WHERE (starting with
         * {@code AND}, or empty), binding its values onto {@code params}.
         */
        public String sql(String alias, List<Object> params) {
            String sql = "";
            if (!all) {
                params.add(sectionIds.toArray(Long[]::new));
                sql += " AND " + alias + ".section_id = ANY($" + params.size() + ")";
            }
            return sql + ratingSql(alias, params);
        }

        /** Only the content-rating part of {@link #sql}, for queries whose section check is done already. */
        public String ratingSql(String alias, List<Object> params) {
            if (maxAge == null) {
                return "";
            }
            params.add(maxAge);
            return " AND (" + alias + ".rating_age IS NULL OR " + alias + ".rating_age <= $" + params.size() + ")";
        }

        /** The same for fixed SQL that binds {@code $n}: {@code AND (i.rating_age IS NULL OR … <= $n)}. */
        public static String ratingSql(String alias, int param) {
            return " AND ($" + param + "::int IS NULL OR " + alias + ".rating_age IS NULL OR " + alias
                    + ".rating_age <= $" + param + ")";
        }
    }

    @Inject
    @RestClient
    UserAccessClient users;
    @Inject
    CurrentCaller caller;
    @Inject
    RequestToken token;
    @Inject
    Pool pool;

    /**
     * How long a cached scope is trusted. The {@code user.events} drop is the fast path; this bounds how long a
     * share or rating change can go unseen when that event is late or lost (Kafka down, consumer stuck).
     */
    @ConfigProperty(name = "cinemesh.access.cache-ttl", defaultValue = "30s")
    Duration ttl;

    private record Cached(Scope scope, long expiresAtNanos) {
    }

    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    public Uni<Scope> scope() {
        Caller c = caller.get();
        if (c.isOwner()) {
            return Uni.createFrom().item(Scope.ALL);
        }
        Cached cached = cache.get(c.userId());
        if (cached != null && System.nanoTime() - cached.expiresAtNanos() < 0) {
            return Uni.createFrom().item(cached.scope());
        }
        return users.access(c.userId(), token.get())
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .chain(a -> maxAge(a.contentRatingLimit()).map(age -> {
                    Scope s = new Scope(a.allSections(),
                            a.allSections() || a.sectionIds() == null ? List.of() : List.copyOf(a.sectionIds()), age);
                    cache.put(c.userId(), new Cached(s, System.nanoTime() + ttl.toNanos()));
                    return s;
                }))
                .onFailure().transform(e -> {
                    LOG.warnf("Cannot read shares of user %d from user-service: %s", c.userId(), e.getMessage());
                    return new ServiceUnavailableException("Library shares are unavailable right now; try again");
                });
    }

    /** The limit on the scale of migration V5 ({@code content_rating_limit_age}), so the scale lives in one place. */
    private Uni<Integer> maxAge(String limit) {
        if (limit == null || limit.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("SELECT content_rating_limit_age($1)").execute(Tuple.of(limit))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    public void forget(long userId) {
        cache.remove(userId);
    }

    /** A second consumer of user.events with its own group, so revocations and shares never compete. */
    @Incoming("user-events-acl")
    public void onUserEvent(String json) {
        AccessChanges.userOf(json).ifPresent(this::forget);
    }
}
