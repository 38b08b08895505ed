package io.cinemesh.library.playlist.repository;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.sql.Like;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code playlist} and {@code playlist_item} tables. Reads are always a user's own playlists, counted over the
 * items the caller may see; changes run on the connection of the caller's transaction ({@link #inTransaction}).
 */
@ApplicationScoped
public class PlaylistRepository {

    private static final String SELECT = "SELECT p.*, count(i.id) AS leaf_count, coalesce(sum(i.duration_ms), 0) "
            + "AS total_ms FROM playlist p LEFT JOIN playlist_item pi ON pi.playlist_id = p.id LEFT JOIN item i ON "
            + "i.id = pi.item_id AND ($2::bigint[] IS NULL OR i.section_id = ANY($2))"
            + SectionAccess.Scope.ratingSql("i", 3) + " WHERE p.user_id = $1 ";

    @Inject
    Pool pool;

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The user's playlists of {@code kind} (all when null) whose titles contain {@code title} (any when null). */
    public Uni<List<PlaylistRow>> list(long userId, SectionAccess.Scope scope, String kind, String title) {
        List<Object> params = new ArrayList<>(List.of(userId));
        params.add(scope.idsOrNull());
        params.add(scope.maxAge());
        String where = "";
        if (kind != null) {
            params.add(kind);
            where += " AND p.playlist_type = $" + params.size();
        }
        if (title != null) {
            params.add(Like.containing(title));
            where += " AND lower(p.title) LIKE $" + params.size();
        }
        return pool.preparedQuery(SELECT + where + " GROUP BY p.id ORDER BY lower(p.title), p.id")
                .execute(Tuple.from(params)).map(rows -> {
                    List<PlaylistRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(row(r)));
                    return out;
                });
    }

    /** The user's playlist; null for a missing one and for another user's. */
    public Uni<PlaylistRow> find(long userId, SectionAccess.Scope scope, long id) {
        return pool.preparedQuery(SELECT + " AND p.id = $4 GROUP BY p.id")
                .execute(Tuple.of(userId, scope.idsOrNull(), scope.maxAge(), id))
                .map(rows -> rows.rowCount() == 0 ? null : row(rows.iterator().next()));
    }

    public Uni<Boolean> owns(long userId, long id) {
        return pool.preparedQuery("SELECT 1 FROM playlist WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(id, userId)).map(rows -> rows.rowCount() > 0);
    }

    /** A hand-made playlist's entries the caller may see, as [playlistItemID, ratingKey], in order. */
    public Uni<List<long[]>> entries(long id, SectionAccess.Scope scope) {
        return pool.preparedQuery("SELECT pi.id, pi.item_id FROM playlist_item pi JOIN item i ON i.id = pi.item_id "
                        + "WHERE pi.playlist_id = $1 AND ($2::bigint[] IS NULL OR i.section_id = ANY($2))"
                        + SectionAccess.Scope.ratingSql("i", 3) + " ORDER BY pi.position, pi.id")
                .execute(Tuple.of(id, scope.idsOrNull(), scope.maxAge())).map(rows -> {
                    List<long[]> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new long[] {r.getLong(0), r.getLong(1)}));
                    return out;
                });
    }

    /** The summed length of these items. */
    public Uni<Long> durationMs(Long[] itemIds) {
        return pool.preparedQuery("SELECT coalesce(sum(duration_ms), 0) FROM item WHERE id = ANY($1)")
                .execute(Tuple.of((Object) itemIds)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** A new playlist; its id. */
    public Uni<Long> insert(SqlConnection conn, long userId, String title, String kind, boolean smart,
            Long sectionId, String query) {
        return conn.preparedQuery("INSERT INTO playlist (user_id, guid, title, playlist_type, smart, "
                        + "smart_section_id, smart_query) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .execute(Tuple.from(new Object[] {userId, "com.plexapp.agents.none://" + UUID.randomUUID(), title,
                    kind, smart, sectionId, query}))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Sets the title and/or summary (null keeps it). */
    public Uni<Void> update(SqlConnection conn, long id, String title, String summary) {
        return conn.preparedQuery("UPDATE playlist SET title = coalesce($2, title), summary = coalesce($3, summary), "
                + "updated_at = now() WHERE id = $1").execute(Tuple.of(id, title, summary)).replaceWithVoid();
    }

    public Uni<Void> delete(SqlConnection conn, long id) {
        return conn.preparedQuery("DELETE FROM playlist WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Adds the items at the end, in this order. */
    public Uni<Void> append(SqlConnection conn, long id, List<Long> itemIds) {
        if (itemIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO playlist_item (playlist_id, item_id, position) SELECT $1, x.id, "
                        + "coalesce((SELECT max(position) FROM playlist_item WHERE playlist_id = $1), 0) + x.ord "
                        + "FROM unnest($2::bigint[]) WITH ORDINALITY x(id, ord)")
                .execute(Tuple.of(id, itemIds.toArray(Long[]::new))).replaceWithVoid();
    }

    /** Whether the entry was in the playlist (and is not now). */
    public Uni<Boolean> removeEntry(SqlConnection conn, long id, long entryId) {
        return conn.preparedQuery("DELETE FROM playlist_item WHERE id = $1 AND playlist_id = $2")
                .execute(Tuple.of(entryId, id)).map(rows -> rows.rowCount() > 0);
    }

    /** The entries' ids in order, locked until the transaction ends (a move reads, then writes them all). */
    public Uni<List<Long>> lockOrder(SqlConnection conn, long id) {
        return conn.preparedQuery("SELECT id FROM playlist_item WHERE playlist_id = $1 ORDER BY position, id "
                + "FOR UPDATE").execute(Tuple.of(id)).map(rows -> {
                    List<Long> order = new ArrayList<>();
                    rows.forEach(r -> order.add(r.getLong(0)));
                    return order;
                });
    }

    public Uni<Void> reorder(SqlConnection conn, List<Long> order) {
        return renumber(conn, "playlist_item", order);
    }

    public Uni<Void> touch(SqlConnection conn, long id) {
        return conn.preparedQuery("UPDATE playlist SET updated_at = now() WHERE id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Writes a new order of a playlist's or a play queue's entries as positions 1..n in one statement. */
    public static Uni<Void> renumber(SqlConnection conn, String table, List<Long> order) {
        Integer[] positions = new Integer[order.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i + 1;
        }
        return conn.preparedQuery("UPDATE " + table + " t SET position = v.pos FROM unnest($1::bigint[], "
                        + "$2::int[]) v(id, pos) WHERE t.id = v.id")
                .execute(Tuple.of(order.toArray(Long[]::new), positions)).replaceWithVoid();
    }

    private static PlaylistRow row(Row r) {
        return new PlaylistRow(r.getLong("id"), r.getString("guid"), r.getString("title"), r.getString("summary"),
                r.getString("playlist_type"), r.getBoolean("smart"), r.getLong("smart_section_id"),
                r.getString("smart_query"), r.getOffsetDateTime("added_at"), r.getOffsetDateTime("updated_at"),
                r.getLong("leaf_count"), r.getLong("total_ms"));
    }
}
