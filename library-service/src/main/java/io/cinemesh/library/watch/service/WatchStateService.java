package io.cinemesh.library.watch.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.watch.repository.WatchStateRepository;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Per-user watch state. Marking a container (show, season, artist, album) applies to every leaf under it.
 * Scrobbling writes no play history: history belongs to real playback (stream-service), as in PMS.
 */
@ApplicationScoped
public class WatchStateService {

    @Inject
    WatchStateRepository watch;
    @Inject
    AuditTrail audit;

    /** The leaves an action applies to: the item itself, or every leaf under a container. 404 when not visible. */
    Uni<List<Long>> leaves(SqlConnection conn, long itemId, SectionAccess.Scope scope) {
        return visible(conn, itemId, scope).chain(item -> item.leaf() ? Uni.createFrom().item(List.of(itemId))
                : watch.leavesUnder(conn, itemId, scope.maxAge()));
    }

    public Uni<Void> scrobble(Caller by, String from, long itemId, SectionAccess.Scope scope) {
        return watch.inTransaction(conn -> leaves(conn, itemId, scope)
                .chain(ids -> watch.watched(conn, by.userId(), ids, OffsetDateTime.now()))
                .chain(() -> audit.record(conn, by, "item.scrobble", "item:" + itemId, from)));
    }

    public Uni<Void> unscrobble(Caller by, String from, long itemId, SectionAccess.Scope scope) {
        return watch.inTransaction(conn -> leaves(conn, itemId, scope)
                .chain(ids -> watch.unwatched(conn, by.userId(), ids))
                .chain(() -> audit.record(conn, by, "item.unscrobble", "item:" + itemId, from)));
    }

    public Uni<Void> progress(Caller by, long itemId, long offsetMs, SectionAccess.Scope scope) {
        // Progress arrives every few seconds while playing: state only, no audit record per tick.
        return watch.inTransaction(conn -> leaves(conn, itemId, scope).chain(ids -> {
            if (ids.size() != 1 || ids.get(0) != itemId) {
                throw new BadRequestException("progress applies to a playable item, not a container");
            }
            return watch.offset(conn, by.userId(), itemId, offsetMs);
        }));
    }

    public Uni<Void> rate(Caller by, String from, long itemId, Double rating, SectionAccess.Scope scope) {
        return watch.inTransaction(conn -> visible(conn, itemId, scope)
                .chain(() -> watch.rate(conn, by.userId(), itemId, rating))
                .chain(() -> audit.record(conn, by, "item.rate", "item:" + itemId, from)));
    }

    private Uni<WatchStateRepository.Target> visible(SqlConnection conn, long itemId, SectionAccess.Scope scope) {
        return watch.target(conn, itemId).map(item -> {
            if (item == null || !scope.allows(item.sectionId(), item.ratingAge())) {
                throw new NotFoundException("No item with ratingKey " + itemId);
            }
            return item;
        });
    }
}
