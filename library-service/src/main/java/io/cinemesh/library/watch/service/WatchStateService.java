package io.cinemesh.library.watch.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-user watch state. Marking a container (show, season, artist, album) applies to every leaf under it.
 * Scrobbling writes no play history: history belongs to real playback (stream-service), as in PMS.
 */
@ApplicationScoped
public class WatchStateService {

    @Inject
    Pool pool;
    @Inject
    AuditTrail audit;

    /** The leaves an action applies to: the item itself, or every leaf under a container. 404 when not visible. */
    Uni<List<Long>> leaves(SqlConnection conn, long itemId, SectionAccess.Scope scope) {
        return conn.preparedQuery("SELECT id, section_id, type, rating_age FROM item WHERE id = $1")
                .execute(Tuple.of(itemId)).chain(rows -> {
                    if (rows.rowCount() == 0 || !visible(scope, rows.iterator().next())) {
                        throw new NotFoundException("No item with ratingKey " + itemId);
                    }
                    int type = rows.iterator().next().getInteger("type");
                    if (type == 1 || type == 4 || type == 10 || type == 13) {
                        return Uni.createFrom().item(List.of(itemId));
                    }
                    return conn.preparedQuery("SELECT id FROM item i WHERE (parent_id = $1 OR grandparent_id = $1) "
                                    + "AND type IN (1, 4, 10, 13)" + SectionAccess.Scope.ratingSql("i", 2))
                            .execute(Tuple.of(itemId, scope.maxAge()))
                            .map(leaves -> {
                                List<Long> ids = new ArrayList<>();
                                for (Row r : leaves) {
                                    ids.add(r.getLong("id"));
                                }
                                return ids;
                            });
                });
    }

    public Uni<Void> scrobble(Caller by, String from, long itemId, SectionAccess.Scope scope) {
        return pool.withTransaction(conn -> leaves(conn, itemId, scope).chain(ids -> watched(conn, by.userId(), ids))
                .chain(() -> audit.record(conn, by, "item.scrobble", "item:" + itemId, from)));
    }

    public Uni<Void> unscrobble(Caller by, String from, long itemId, SectionAccess.Scope scope) {
        return pool.withTransaction(conn -> leaves(conn, itemId, scope).chain(ids -> conn.preparedQuery(
                        "UPDATE watch_state SET view_count = 0, view_offset_ms = 0, last_viewed_at = NULL, "
                                + "updated_at = now() WHERE user_id = $1 AND item_id = ANY($2)")
                        .execute(Tuple.of(by.userId(), ids.toArray(Long[]::new))))
                .chain(() -> audit.record(conn, by, "item.unscrobble", "item:" + itemId, from)));
    }

    public Uni<Void> progress(Caller by, long itemId, long offsetMs, SectionAccess.Scope scope) {
        // Progress arrives every few seconds while playing: state only, no audit record per tick.
        return pool.withTransaction(conn -> leaves(conn, itemId, scope).chain(ids -> {
            if (ids.size() != 1 || ids.get(0) != itemId) {
                throw new jakarta.ws.rs.BadRequestException("progress applies to a playable item, not a container");
            }
            return offset(conn, by.userId(), itemId, offsetMs);
        }));
    }

    public Uni<Void> rate(Caller by, String from, long itemId, Double rating, SectionAccess.Scope scope) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT section_id, rating_age FROM item WHERE id = $1")
                .execute(Tuple.of(itemId)).chain(rows -> {
                    if (rows.rowCount() == 0 || !visible(scope, rows.iterator().next())) {
                        throw new NotFoundException("No item with ratingKey " + itemId);
                    }
                    return conn.preparedQuery("INSERT INTO watch_state (user_id, item_id, user_rating) VALUES ($1, "
                                    + "$2, $3) ON CONFLICT (user_id, item_id) DO UPDATE SET user_rating = $3, "
                                    + "updated_at = now()")
                            .execute(Tuple.of(by.userId(), itemId, rating));
                }).chain(() -> audit.record(conn, by, "item.rate", "item:" + itemId, from)));
    }

    private static boolean visible(SectionAccess.Scope scope, Row item) {
        return scope.allows(item.getLong("section_id"), item.getInteger("rating_age"));
    }

    static Uni<Void> watched(SqlConnection conn, long userId, List<Long> ids) {
        return watched(conn, userId, ids, OffsetDateTime.now());
    }

    /** Watched at {@code at}: the play's own time, which later progress reports are compared with. */
    static Uni<Void> watched(SqlConnection conn, long userId, List<Long> ids, OffsetDateTime at) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO watch_state (user_id, item_id, view_count, view_offset_ms, "
                        + "last_viewed_at) SELECT $1, unnest($2::bigint[]), 1, 0, $3 ON CONFLICT (user_id, item_id) "
                        + "DO UPDATE SET view_count = watch_state.view_count + 1, view_offset_ms = 0, "
                        + "last_viewed_at = GREATEST(watch_state.last_viewed_at, $3), updated_at = now()")
                .execute(Tuple.of(userId, ids.toArray(Long[]::new), at)).replaceWithVoid();
    }

    /**
     * An offset from a playback report made at {@code at}; a report older than the last watched play is stale
     * (late, or replayed from the dead-letter topic) and must not turn that play back into a partial one.
     */
    static Uni<Void> reportedOffset(SqlConnection conn, long userId, long itemId, long offsetMs, OffsetDateTime at) {
        return conn.preparedQuery("INSERT INTO watch_state (user_id, item_id, view_offset_ms) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (user_id, item_id) DO UPDATE SET view_offset_ms = $3, updated_at = now() "
                        + "WHERE watch_state.last_viewed_at IS NULL OR watch_state.last_viewed_at < $4")
                .execute(Tuple.of(userId, itemId, Math.max(0, offsetMs), at)).replaceWithVoid();
    }

    static Uni<Void> offset(SqlConnection conn, long userId, long itemId, long offsetMs) {
        return conn.preparedQuery("INSERT INTO watch_state (user_id, item_id, view_offset_ms) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (user_id, item_id) DO UPDATE SET view_offset_ms = $3, updated_at = now()")
                .execute(Tuple.of(userId, itemId, Math.max(0, offsetMs))).replaceWithVoid();
    }
}
