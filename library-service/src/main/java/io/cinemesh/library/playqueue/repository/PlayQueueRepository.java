package io.cinemesh.library.playqueue.repository;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.playlist.repository.PlaylistRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code play_queue} and {@code play_queue_item} tables, in PostgreSQL so any replica serves any queue.
 * Entries are [playQueueItemID, ratingKey] in play order; {@code original_position} keeps the order before a
 * shuffle. Changes run on the connection of a transaction that holds the queue's row lock ({@link #lock}).
 */
@ApplicationScoped
public class PlayQueueRepository {

    @Inject
    Pool pool;

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** A new queue of these items in this order, the one at {@code selectedIndex} current; its id. */
    public Uni<Long> insert(SqlConnection conn, long userId, String sourceUri, Long playlistId, String kind,
            boolean shuffled, int repeat, boolean continuous, List<Long> itemIds, int selectedIndex) {
        return conn.preparedQuery("INSERT INTO play_queue (user_id, source_uri, playlist_id, queue_type, shuffled, "
                        + "repeat, continuous) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .execute(Tuple.from(new Object[] {userId, sourceUri, playlistId, kind, shuffled, repeat, continuous}))
                .map(rows -> rows.iterator().next().getLong(0))
                .call(id -> conn.preparedQuery("INSERT INTO play_queue_item (queue_id, item_id, position, "
                                + "original_position) SELECT $1, x.id, x.ord, x.ord FROM unnest($2::bigint[]) "
                                + "WITH ORDINALITY x(id, ord) RETURNING id, position")
                        .execute(Tuple.of(id, itemIds.toArray(Long[]::new))).chain(inserted -> {
                            long selected = 0;
                            for (Row r : inserted) {
                                if (r.getInteger("position") == selectedIndex + 1) {
                                    selected = r.getLong("id");
                                }
                            }
                            return select(conn, id, selected);
                        }));
    }

    /** The user's queue; null for a missing one and for another user's. */
    public Uni<PlayQueueRow> find(long userId, long id) {
        return pool.preparedQuery("SELECT * FROM play_queue WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(id, userId)).map(PlayQueueRepository::first);
    }

    /** The user's queue, locked until the transaction ends; null for a missing one and for another user's. */
    public Uni<PlayQueueRow> lock(SqlConnection conn, long userId, long id) {
        return conn.preparedQuery("SELECT * FROM play_queue WHERE id = $1 AND user_id = $2 FOR UPDATE")
                .execute(Tuple.of(id, userId)).map(PlayQueueRepository::first);
    }

    /** The entries the caller may see, in play order. */
    public Uni<List<long[]>> entries(long id, SectionAccess.Scope scope) {
        return pool.preparedQuery("SELECT qi.id, qi.item_id FROM play_queue_item qi JOIN item i ON i.id = qi.item_id "
                        + "WHERE qi.queue_id = $1 AND ($2::bigint[] IS NULL OR i.section_id = ANY($2))"
                        + SectionAccess.Scope.ratingSql("i", 3) + " ORDER BY qi.position, qi.id")
                .execute(Tuple.of(id, scope.idsOrNull(), scope.maxAge())).map(PlayQueueRepository::entries);
    }

    /** Every entry, in play order (under the queue's lock). */
    public Uni<List<long[]>> entries(SqlConnection conn, long id) {
        return conn.preparedQuery("SELECT id, item_id FROM play_queue_item WHERE queue_id = $1 ORDER BY position, id")
                .execute(Tuple.of(id)).map(PlayQueueRepository::entries);
    }

    /** Adds the items after every original position (their place in the play order is set by a reorder). */
    public Uni<List<Long>> add(SqlConnection conn, long id, List<Long> itemIds) {
        return conn.preparedQuery("INSERT INTO play_queue_item (queue_id, item_id, position, original_position) "
                        + "SELECT $1, x.id, 0, coalesce((SELECT max(original_position) FROM play_queue_item WHERE "
                        + "queue_id = $1), 0) + x.ord FROM unnest($2::bigint[]) WITH ORDINALITY x(id, ord) "
                        + "RETURNING id")
                .execute(Tuple.of(id, itemIds.toArray(Long[]::new))).map(rows -> {
                    List<Long> added = new ArrayList<>();
                    rows.forEach(r -> added.add(r.getLong(0)));
                    return added;
                });
    }

    public Uni<Void> reorder(SqlConnection conn, List<Long> entryIds) {
        return PlaylistRepository.renumber(conn, "play_queue_item", entryIds);
    }

    public Uni<Void> removeEntry(SqlConnection conn, long entryId) {
        return conn.preparedQuery("DELETE FROM play_queue_item WHERE id = $1").execute(Tuple.of(entryId))
                .replaceWithVoid();
    }

    /** Removes every entry but {@code keep} (none when null). */
    public Uni<Void> clear(SqlConnection conn, long id, Long keep) {
        return conn.preparedQuery("DELETE FROM play_queue_item WHERE queue_id = $1 AND id IS DISTINCT FROM $2")
                .execute(Tuple.of(id, keep)).replaceWithVoid();
    }

    public Uni<Void> select(SqlConnection conn, long id, Long entryId) {
        return conn.preparedQuery("UPDATE play_queue SET selected_item_id = $2 WHERE id = $1")
                .execute(Tuple.of(id, entryId)).replaceWithVoid();
    }

    public Uni<Void> shuffled(SqlConnection conn, long id, boolean shuffled) {
        return conn.preparedQuery("UPDATE play_queue SET shuffled = $2 WHERE id = $1").execute(Tuple.of(id, shuffled))
                .replaceWithVoid();
    }

    /** Puts the entries back in the order they had before any shuffle. */
    public Uni<Void> restoreOriginalOrder(SqlConnection conn, long id) {
        return conn.preparedQuery("UPDATE play_queue_item t SET position = o.rn FROM (SELECT id, row_number() OVER "
                + "(ORDER BY original_position, id) AS rn FROM play_queue_item WHERE queue_id = $1) o WHERE "
                + "t.id = o.id").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** After a change: a new version, and where "Up Next" now begins. */
    public Uni<Void> changed(SqlConnection conn, long id, Long lastAdded) {
        return conn.preparedQuery("UPDATE play_queue SET version = version + 1, last_added_item_id = $2, "
                + "updated_at = now() WHERE id = $1").execute(Tuple.of(id, lastAdded)).replaceWithVoid();
    }

    private static PlayQueueRow first(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return null;
        }
        Row q = rows.iterator().next();
        return new PlayQueueRow(q.getLong("id"), q.getString("source_uri"), q.getLong("playlist_id"),
                q.getLong("selected_item_id"), q.getLong("last_added_item_id"), q.getBoolean("shuffled"),
                q.getInteger("repeat"), q.getBoolean("continuous"), q.getInteger("version"));
    }

    private static List<long[]> entries(RowSet<Row> rows) {
        List<long[]> out = new ArrayList<>();
        rows.forEach(r -> out.add(new long[] {r.getLong(0), r.getLong(1)}));
        return out;
    }
}
