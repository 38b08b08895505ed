package io.cinemesh.stream.history.service;

import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.stream.client.LibraryLookup;
import io.cinemesh.stream.history.repository.PlayHistory;
import io.cinemesh.tokens.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Play history: finding a user's (or, for the owner, everyone's) viewings, and forgetting one. */
@ApplicationScoped
public class HistoryService {

    private static final Logger LOG = Logger.getLogger(HistoryService.class);
    /** More episodes or tracks than this under one item is not a library PMS's clients browse either. */
    private static final int MAX_LEAVES = 20_000;

    @Inject
    AuditTrail audit;
    @Inject
    LibraryLookup library;

    /** {@code size} viewings from {@code start}, newest first unless the filter says otherwise. */
    public Uni<HistoryPage> find(HistoryFilter filter, int start, int size, String token) {
        Uni<List<String>> keys = filter.ratingKey() == null ? Uni.createFrom().item(List.of())
                : itemAndLeaves(token, filter.ratingKey());
        return keys.flatMap(ratingKeys -> Panache.withSession(() -> {
            List<String> where = new ArrayList<>();
            Parameters params = new Parameters();
            if (filter.userId() != null) {
                where.add("userId = :user");
                params.and("user", filter.userId());
            }
            if (filter.ratingKey() != null) {
                where.add("ratingKey in :rks");
                params.and("rks", ratingKeys);
            }
            if (filter.sectionId() != null) {
                where.add("sectionId = :section");
                params.and("section", filter.sectionId());
            }
            if (filter.viewedAfter() != null) {
                where.add("viewedAt >= :after");
                params.and("after", filter.viewedAfter());
            }
            if (filter.viewedBefore() != null) {
                where.add("viewedAt <= :before");
                params.and("before", filter.viewedBefore());
            }
            Sort order = filter.oldestFirst() ? Sort.ascending("viewedAt", "id") : Sort.descending("viewedAt", "id");
            var query = where.isEmpty() ? PlayHistory.<PlayHistory>findAll(order)
                    : PlayHistory.<PlayHistory>find(String.join(" and ", where), order, params);
            Uni<List<PlayHistory>> rows = size == 0 ? Uni.createFrom().item(List.of())
                    : query.range(start, start + size - 1).list();
            return query.count().flatMap(total -> rows.map(found -> new HistoryPage(found, total)));
        }));
    }

    /** Forgets a viewing the caller may see (the owner: any), and records that in the audit log. */
    public Uni<Void> delete(Caller me, long id, String from) {
        return Panache.withTransaction(() -> PlayHistory.<PlayHistory>findById(id).flatMap(h -> {
            if (h == null || (!me.isOwner() && h.userId != me.userId())) {
                throw new NotFoundException("No such history entry");
            }
            return PlayHistory.delete("id", id).chain(() -> audit.record(me, "history.delete", "history:" + id,
                    from, AuditTrail.SUCCESS));
        }));
    }

    /**
     * A show, season, artist or album stands for its leaves, as in PMS: history rows are written for leaves only.
     * One call to library-service; an item it no longer knows (or cannot answer for right now) still matches its
     * own rows, so history of a removed item stays reachable.
     */
    private Uni<List<String>> itemAndLeaves(String token, String ratingKey) {
        return library.leafKeys(token, ratingKey, MAX_LEAVES).map(leaves -> {
            List<String> all = new ArrayList<>(leaves.size() + 1);
            all.add(ratingKey);
            all.addAll(leaves);
            return all;
        }).onFailure().recoverWithItem(e -> {
            if (!(e instanceof NotFoundException)) {
                LOG.warnf("History for item %s: its leaves are unknown (%s); matching the item alone", ratingKey,
                        e.getMessage());
            }
            return List.of(ratingKey);
        });
    }
}
