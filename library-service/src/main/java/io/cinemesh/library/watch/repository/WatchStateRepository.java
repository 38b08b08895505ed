package io.cinemesh.library.watch.repository;

import io.cinemesh.library.access.service.SectionAccess;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code watch_state} table (per user and item: plays, offset, rating) and the {@code consumed_event} ids that
 * make playback events apply once. Everything runs on the connection of the caller's transaction.
 */
@ApplicationScoped
public class WatchStateRepository {

    /** The Plex types that are played (movie, episode, track, photo); the others are containers of them. */
    private static final String LEAF_TYPES = "(1, 4, 10, 13)";

    @Inject
    Pool pool;

    /** An item as far as watch state needs it: who may see it, and whether it is played or holds what is. */
    public record Target(long sectionId, int type, Integer ratingAge) {
        public boolean leaf() {
            return type == 1 || type == 4 || type == 10 || type == 13;
        }
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The item, or null when there is none. */
    public Uni<Target> target(SqlConnection conn, long itemId) {
        return conn.preparedQuery("SELECT section_id, type, rating_age FROM item WHERE id = $1")
                .execute(Tuple.of(itemId)).map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Target(r.getLong("section_id"), r.getInteger("type"), r.getInteger("rating_age"));
                });
    }

    /** The played items under a container (its children and grandchildren), within the rating limit. */
    public Uni<List<Long>> leavesUnder(SqlConnection conn, long containerId, Integer maxAge) {
        return conn.preparedQuery("SELECT id FROM item i WHERE (parent_id = $1 OR grandparent_id = $1) AND type IN "
                        + LEAF_TYPES + SectionAccess.Scope.ratingSql("i", 2))
                .execute(Tuple.of(containerId, maxAge)).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong("id")));
                    return ids;
                });
    }

    /** Watched at {@code at}: the play's own time, which later progress reports are compared with. */
    public Uni<Void> watched(SqlConnection conn, long userId, List<Long> ids, OffsetDateTime at) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO watch_state (user_id, item_id, view_count, view_offset_ms, "
                        + "last_viewed_at) SELECT $1, unnest($2::bigint[]), 1, 0, $3 ON CONFLICT (user_id, item_id) "
                        + "DO UPDATE SET view_count = watch_state.view_count + 1, view_offset_ms = 0, "
                        + "last_viewed_at = GREATEST(watch_state.last_viewed_at, $3), updated_at = now()")
                .execute(Tuple.of(userId, ids.toArray(Long[]::new), at)).replaceWithVoid();
    }

    public Uni<Void> unwatched(SqlConnection conn, long userId, List<Long> ids) {
        return conn.preparedQuery("UPDATE watch_state SET view_count = 0, view_offset_ms = 0, last_viewed_at = NULL, "
                        + "updated_at = now() WHERE user_id = $1 AND item_id = ANY($2)")
                .execute(Tuple.of(userId, ids.toArray(Long[]::new))).replaceWithVoid();
    }

    public Uni<Void> offset(SqlConnection conn, long userId, long itemId, long offsetMs) {
        return conn.preparedQuery("INSERT INTO watch_state (user_id, item_id, view_offset_ms) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (user_id, item_id) DO UPDATE SET view_offset_ms = $3, updated_at = now()")
                .execute(Tuple.of(userId, itemId, Math.max(0, offsetMs))).replaceWithVoid();
    }

    /**
     * An offset from a playback report made at {@code at}; a report older than the last watched play is stale
     * (late, or replayed from the dead-letter topic) and must not turn that play back into a partial one.
     */
    public Uni<Void> reportedOffset(SqlConnection conn, long userId, long itemId, long offsetMs, OffsetDateTime at) {
        return conn.preparedQuery("INSERT INTO watch_state (user_id, item_id, view_offset_ms) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (user_id, item_id) DO UPDATE SET view_offset_ms = $3, updated_at = now() "
                        + "WHERE watch_state.last_viewed_at IS NULL OR watch_state.last_viewed_at < $4")
                .execute(Tuple.of(userId, itemId, Math.max(0, offsetMs), at)).replaceWithVoid();
    }

    public Uni<Void> rate(SqlConnection conn, long userId, long itemId, Double rating) {
        return conn.preparedQuery("INSERT INTO watch_state (user_id, item_id, user_rating) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (user_id, item_id) DO UPDATE SET user_rating = $3, updated_at = now()")
                .execute(Tuple.of(userId, itemId, rating)).replaceWithVoid();
    }

    /** Records an event id; false when it was already applied. */
    public Uni<Boolean> firstDelivery(SqlConnection conn, UUID eventId) {
        return conn.preparedQuery("INSERT INTO consumed_event (id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(eventId)).map(rows -> rows.rowCount() > 0);
    }

    /** Whether the item exists and is played (not a container). */
    public Uni<Boolean> isLeaf(SqlConnection conn, long itemId) {
        return conn.preparedQuery("SELECT 1 FROM item WHERE id = $1 AND type IN " + LEAF_TYPES)
                .execute(Tuple.of(itemId)).map(rows -> rows.rowCount() > 0);
    }
}
