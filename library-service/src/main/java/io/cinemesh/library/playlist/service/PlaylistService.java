package io.cinemesh.library.playlist.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Playlists: each belongs to the user who made it and shows only items from sections shared with them. A smart
 * playlist keeps its section query and is evaluated on every read, so it follows the library.
 */
@ApplicationScoped
public class PlaylistService {

    static final Set<String> KINDS = Set.of("video", "audio", "photo");

    @Inject
    Pool pool;
    @Inject
    AuditTrail audit;
    @Inject
    LibraryItems library;
    @Inject
    ItemRepository items;
    @Inject
    MediaRoot mediaRoot;

    /** One stored playlist with its counters for the caller. */
    record Stored(long id, String guid, String title, String summary, String kind, boolean smart, Long sectionId,
            String query, OffsetDateTime addedAt, OffsetDateTime updatedAt, long leafCount, long durationMs) {
    }

    private static final String SELECT = "SELECT p.*, count(i.id) AS leaf_count, coalesce(sum(i.duration_ms), 0) "
            + "AS total_ms FROM playlist p LEFT JOIN playlist_item pi ON pi.playlist_id = p.id LEFT JOIN item i ON "
            + "i.id = pi.item_id AND ($2::bigint[] IS NULL OR i.section_id = ANY($2))"
            + SectionAccess.Scope.ratingSql("i", 3) + " WHERE p.user_id = $1 ";

    public Uni<MediaContainer> list(Caller by, SectionAccess.Scope scope, String kind, String title) {
        List<Object> params = new ArrayList<>(List.of(by.userId()));
        params.add(scope.idsOrNull());
        params.add(scope.maxAge());
        String where = "";
        if (kind != null && !kind.isBlank()) {
            params.add(kind.trim());
            where += " AND p.playlist_type = $" + params.size();
        }
        if (title != null && !title.isBlank()) {
            params.add("%" + title.trim().toLowerCase(Locale.ROOT) + "%");
            where += " AND lower(p.title) LIKE $" + params.size();
        }
        return pool.preparedQuery(SELECT + where + " GROUP BY p.id ORDER BY lower(p.title), p.id")
                .execute(Tuple.from(params)).chain(rows -> {
                    List<Uni<Stored>> all = new ArrayList<>();
                    for (Row r : rows) {
                        all.add(counted(by, scope, stored(r)));
                    }
                    Uni<List<Stored>> joined = all.isEmpty() ? Uni.createFrom().item(List.of())
                            : Uni.join().all(all).andFailFast();
                    return joined;
                }).map(list -> {
                    MediaContainer mc = new MediaContainer();
                    list.forEach(p -> mc.add(element(p)));
                    return mc;
                });
    }

    public Uni<MediaContainer> get(Caller by, SectionAccess.Scope scope, long id) {
        return find(by, scope, id).map(p -> new MediaContainer().add(element(p)));
    }

    public Uni<MediaContainer> create(Caller by, String from, SectionAccess.Scope scope, String uri, String kind,
            String title, boolean smart) {
        if (title == null || title.isBlank()) {
            throw new BadRequestException("title is required");
        }
        if (kind != null && !kind.isBlank() && !KINDS.contains(kind.trim())) {
            throw new BadRequestException("type must be video, audio or photo (got '" + kind + "')");
        }
        LibraryUri source = LibraryUri.parse(uri);
        if (smart && !source.isQuery()) {
            throw new BadRequestException("a smart playlist needs a section query uri: server://{machineIdentifier}/"
                    + "com.plexapp.plugins.library/library/sections/{id}/all?type=…");
        }
        if (!smart && source.isQuery()) {
            throw new BadRequestException("a section query uri makes a smart playlist: add smart=1");
        }
        return library.resolve(by.userId(), scope, source).chain(leaves -> {
            String k = kind != null && !kind.isBlank() ? kind.trim()
                    : leaves.isEmpty() ? "video" : LibraryItems.kindOf(leaves.get(0).type());
            checkKinds(k, leaves);
            return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO playlist (user_id, guid, title, "
                                    + "playlist_type, smart, smart_section_id, smart_query) VALUES ($1, $2, $3, $4, $5, $6, "
                                    + "$7) RETURNING id")
                    .execute(Tuple.from(new Object[] {by.userId(), "com.plexapp.agents.none://" + UUID.randomUUID(),
                        title.trim(), k, smart, source.sectionId(), source.sectionQuery()}))
                    .chain(rows -> {
                        long id = rows.iterator().next().getLong(0);
                        Uni<Void> add = smart ? Uni.createFrom().voidItem() : append(conn, id, leaves);
                        return add.chain(() -> audit.record(conn, by, "playlist.create", "playlist:" + id, from))
                                .replaceWith(id);
                    }));
        }).chain(id -> get(by, scope, id));
    }

    public Uni<Void> edit(Caller by, String from, SectionAccess.Scope scope, long id, String title, String summary) {
        if (title == null && summary == null) {
            throw new BadRequestException("nothing to change: send title.value= or summary.value=");
        }
        if (title != null && title.isBlank()) {
            throw new BadRequestException("title must not be empty");
        }
        return owned(by, id).chain(() -> pool.withTransaction(conn -> conn.preparedQuery("UPDATE playlist SET title "
                        + "= coalesce($2, title), summary = coalesce($3, summary), updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id, title == null ? null : title.trim(), summary))
                .chain(() -> audit.record(conn, by, "playlist.update", "playlist:" + id, from))));
    }

    public Uni<Void> delete(Caller by, String from, long id) {
        return owned(by, id).chain(() -> pool.withTransaction(conn -> conn.preparedQuery(
                        "DELETE FROM playlist WHERE id = $1").execute(Tuple.of(id))
                .chain(() -> audit.record(conn, by, "playlist.delete", "playlist:" + id, from))));
    }

    public Uni<MediaContainer> items(Caller by, SectionAccess.Scope scope, long id) {
        return items(by, scope, id, Paging.ALL);
    }

    /** One page of the items, with {@code totalSize} and {@code offset} as section listings have them. */
    public Uni<MediaContainer> items(Caller by, SectionAccess.Scope scope, long id, Paging paging) {
        return find(by, scope, id).chain(p -> entries(by, scope, p).chain(all -> {
            List<long[]> entries = paging.slice(all);
            List<Long> ids = entries.stream().map(e -> e[1]).toList();
            return items.load(by.userId(), ids, false).map(rows -> {
                MediaContainer mc = ItemMapper.container().attr("ratingKey", Long.toString(p.id()))
                        .attr("key", "/playlists/" + p.id() + "/items").attr("title", p.title())
                        .attr("summary", p.summary()).attr("playlistType", p.kind()).attr("smart", p.smart())
                        .attr("composite", composite(p)).attr("leafCount", p.leafCount())
                        .attr("duration", p.durationMs());
                paging.describe(mc, all.size());
                ItemMapper.addEntries(mc, entries, rows, options(), "playlistItemID");
                return mc;
            });
        }));
    }

    public Uni<MediaContainer> add(Caller by, String from, SectionAccess.Scope scope, long id, String uri) {
        LibraryUri source = LibraryUri.parse(uri);
        return find(by, scope, id).chain(p -> {
            if (p.smart()) {
                throw new BadRequestException("a smart playlist follows its query; items cannot be added by hand");
            }
            return library.resolve(by.userId(), scope, source).chain(leaves -> {
                checkKinds(p.kind(), leaves);
                return pool.withTransaction(conn -> append(conn, id, leaves).chain(() -> touch(conn, id))
                        .chain(() -> audit.record(conn, by, "playlist.items.add", "playlist:" + id, from)));
            });
        }).chain(() -> items(by, scope, id));
    }

    public Uni<MediaContainer> remove(Caller by, String from, SectionAccess.Scope scope, long id, long entryId) {
        return manual(by, scope, id).chain(() -> pool.withTransaction(conn -> conn.preparedQuery(
                        "DELETE FROM playlist_item WHERE id = $1 AND playlist_id = $2").execute(Tuple.of(entryId, id))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotFoundException("No item " + entryId + " in playlist " + id);
                    }
                    return touch(conn, id);
                }).chain(() -> audit.record(conn, by, "playlist.items.remove", "playlist:" + id, from))))
                .chain(() -> items(by, scope, id));
    }

    /** Moves an entry right after {@code after} (another entry), or to the top when {@code after} is absent or 0. */
    public Uni<MediaContainer> move(Caller by, String from, SectionAccess.Scope scope, long id, long entryId,
            Long after) {
        return manual(by, scope, id).chain(() -> pool.withTransaction(conn -> conn.preparedQuery(
                        "SELECT id FROM playlist_item WHERE playlist_id = $1 ORDER BY position, id FOR UPDATE")
                .execute(Tuple.of(id)).chain(rows -> {
                    List<Long> order = new ArrayList<>();
                    rows.forEach(r -> order.add(r.getLong(0)));
                    ItemOrder.moveAfter(order, entryId, after, "playlist " + id);
                    return renumber(conn, "playlist_item", order);
                }).chain(() -> touch(conn, id))
                .chain(() -> audit.record(conn, by, "playlist.items.move", "playlist:" + id, from))))
                .chain(() -> items(by, scope, id));
    }

    /** The playlist's items in order, for a play queue. */
    public Uni<List<Long>> ratingKeys(Caller by, SectionAccess.Scope scope, long id) {
        return find(by, scope, id).chain(p -> entries(by, scope, p)).map(e -> e.stream().map(x -> x[1]).toList());
    }

    /** Entries as [playlistItemID, ratingKey], in order; a smart playlist's entries are its query's items. */
    Uni<List<long[]>> entries(Caller by, SectionAccess.Scope scope, Stored p) {
        if (p.smart()) {
            return library.resolve(by.userId(), scope, new LibraryUri(List.of(), p.sectionId(), p.query()))
                    .map(leaves -> leaves.stream().map(l -> new long[] {l.id(), l.id()}).toList());
        }
        return pool.preparedQuery("SELECT pi.id, pi.item_id FROM playlist_item pi JOIN item i ON i.id = pi.item_id "
                        + "WHERE pi.playlist_id = $1 AND ($2::bigint[] IS NULL OR i.section_id = ANY($2))"
                        + SectionAccess.Scope.ratingSql("i", 3) + " ORDER BY pi.position, pi.id")
                .execute(Tuple.of(p.id(), scope.idsOrNull(), scope.maxAge())).map(rows -> {
                    List<long[]> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new long[] {r.getLong(0), r.getLong(1)}));
                    return out;
                });
    }

    /** The caller's playlist; another user's playlist is as absent as a missing one. */
    Uni<Stored> find(Caller by, SectionAccess.Scope scope, long id) {
        return pool.preparedQuery(SELECT + " AND p.id = $4 GROUP BY p.id")
                .execute(Tuple.of(by.userId(), scope.idsOrNull(), scope.maxAge(), id)).chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotFoundException("No playlist " + id);
                    }
                    return counted(by, scope, stored(rows.iterator().next()));
                });
    }

    private Uni<Void> owned(Caller by, long id) {
        return pool.preparedQuery("SELECT 1 FROM playlist WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(id, by.userId())).map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotFoundException("No playlist " + id);
                    }
                    return null;
                });
    }

    private Uni<Void> manual(Caller by, SectionAccess.Scope scope, long id) {
        return find(by, scope, id).map(p -> {
            if (p.smart()) {
                throw new BadRequestException("a smart playlist follows its query; its items cannot be edited");
            }
            return null;
        });
    }

    private Uni<Stored> counted(Caller by, SectionAccess.Scope scope, Stored p) {
        if (!p.smart()) {
            return Uni.createFrom().item(p);
        }
        return entries(by, scope, p).chain(entries -> {
            Long[] ids = entries.stream().map(e -> e[1]).toArray(Long[]::new);
            return pool.preparedQuery("SELECT coalesce(sum(duration_ms), 0) FROM item WHERE id = ANY($1)")
                    .execute(Tuple.of((Object) ids)).map(rows -> new Stored(p.id(), p.guid(), p.title(), p.summary(),
                            p.kind(), true, p.sectionId(), p.query(), p.addedAt(), p.updatedAt(), ids.length,
                            rows.iterator().next().getLong(0)));
        });
    }

    static Uni<Void> append(SqlConnection conn, long playlistId, List<LibraryItems.Leaf> leaves) {
        if (leaves.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO playlist_item (playlist_id, item_id, position) SELECT $1, x.id, "
                        + "coalesce((SELECT max(position) FROM playlist_item WHERE playlist_id = $1), 0) + x.ord "
                        + "FROM unnest($2::bigint[]) WITH ORDINALITY x(id, ord)")
                .execute(Tuple.of(playlistId, leaves.stream().map(LibraryItems.Leaf::id).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Writes a new order as positions 1..n in one statement. */
    public static Uni<Void> renumber(SqlConnection conn, String table, List<Long> order) {
        Integer[] positions = new Integer[order.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i + 1;
        }
        return conn.preparedQuery("UPDATE " + table + " t SET position = v.pos FROM unnest($1::bigint[], "
                        + "$2::int[]) v(id, pos) WHERE t.id = v.id")
                .execute(Tuple.of(order.toArray(Long[]::new), positions)).replaceWithVoid();
    }

    private static Uni<Void> touch(SqlConnection conn, long id) {
        return conn.preparedQuery("UPDATE playlist SET updated_at = now() WHERE id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private static void checkKinds(String kind, List<LibraryItems.Leaf> leaves) {
        for (LibraryItems.Leaf l : leaves) {
            if (!LibraryItems.kindOf(l.type()).equals(kind)) {
                throw new BadRequestException("item " + l.id() + " cannot go in a " + kind + " playlist");
            }
        }
    }

    private static Stored stored(Row r) {
        return new Stored(r.getLong("id"), r.getString("guid"), r.getString("title"), r.getString("summary"),
                r.getString("playlist_type"), r.getBoolean("smart"), r.getLong("smart_section_id"),
                r.getString("smart_query"), r.getOffsetDateTime("added_at"), r.getOffsetDateTime("updated_at"),
                r.getLong("leaf_count"), r.getLong("total_ms"));
    }

    private static String composite(Stored p) {
        return "/playlists/" + p.id() + "/composite/" + p.updatedAt().toEpochSecond();
    }

    static PlexElement element(Stored p) {
        String rk = Long.toString(p.id());
        PlexElement e = PlexElement.metadata("Playlist").attr("ratingKey", rk)
                .attr("key", "/playlists/" + rk + "/items").attr("guid", p.guid()).attr("type", "playlist")
                .attr("title", p.title()).attr("summary", p.summary()).attr("smart", p.smart())
                .attr("playlistType", p.kind()).attr("composite", composite(p)).attr("leafCount", p.leafCount())
                .attr("duration", p.durationMs()).attr("addedAt", p.addedAt().toEpochSecond())
                .attr("updatedAt", p.updatedAt().toEpochSecond()).attr("allowSync", false);
        if (p.smart()) {
            e.attr("content", "library://x/directory/" + java.net.URLEncoder.encode("/library/sections/"
                    + p.sectionId() + "/all?" + p.query(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return e;
    }

    private ItemMapper.Options options() {
        Path root;
        try {
            root = mediaRoot.root();
        } catch (RuntimeException e) {
            root = null;
        }
        return new ItemMapper.Options(false, false, root);
    }
}
