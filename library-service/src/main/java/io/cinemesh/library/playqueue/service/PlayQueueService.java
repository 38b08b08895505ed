package io.cinemesh.library.playqueue.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.repository.ItemRow;
import io.cinemesh.library.playlist.service.ItemOrder;
import io.cinemesh.library.playlist.service.LibraryItems;
import io.cinemesh.library.playlist.service.LibraryUri;
import io.cinemesh.library.playlist.service.PlaylistService;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Play queues, stored in PostgreSQL so any replica serves any queue. Every change runs under a row lock on the
 * queue and bumps its version, which is how clients notice that another device changed it.
 */
@ApplicationScoped
public class PlayQueueService {

    @Inject
    Pool pool;
    @Inject
    AuditTrail audit;
    @Inject
    LibraryItems library;
    @Inject
    ItemRepository items;
    @Inject
    PlaylistService playlists;
    @Inject
    MediaRoot mediaRoot;

    /** The locked queue during a change: its entries [playQueueItemID, ratingKey] in play order. */
    static final class Queue {
        long id;
        Long selected;
        Long lastAdded;
        List<long[]> entries = new ArrayList<>();

        List<Long> entryIds() {
            return entries.stream().map(e -> e[0]).toList();
        }

        int indexOf(long entryId) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i)[0] == entryId) {
                    return i;
                }
            }
            return -1;
        }
    }

    public Uni<MediaContainer> create(Caller by, String from, SectionAccess.Scope scope, String uri, Long playlistId,
            String type, Long startKey, boolean shuffle, int repeat, boolean continuous) {
        Uni<List<Long>> source;
        String sourceUri;
        if (playlistId != null) {
            sourceUri = "library://x/playlist/" + playlistId;
            source = playlists.ratingKeys(by, scope, playlistId);
        } else {
            LibraryUri parsed = LibraryUri.parse(uri);
            sourceUri = uri.trim();
            source = library.resolve(by.userId(), scope, parsed)
                    .map(leaves -> leaves.stream().map(LibraryItems.Leaf::id).toList());
        }
        return source.chain(keys -> {
            if (keys.isEmpty()) {
                throw new BadRequestException("the play queue's source has no playable items");
            }
            List<Long> order = new ArrayList<>(keys);
            int start = 0;
            if (startKey != null) {
                start = order.indexOf(startKey);
                if (start < 0) {
                    throw new BadRequestException("key=" + startKey + " is not one of the play queue's items");
                }
            }
            if (shuffle) {
                // The chosen item plays first; the rest are shuffled behind it.
                Long first = order.remove(start);
                Collections.shuffle(order);
                order.add(0, first);
                start = 0;
            }
            String kind = type != null && !type.isBlank() ? type.trim() : "video";
            int startIndex = start;
            return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO play_queue (user_id, source_uri, "
                                    + "playlist_id, queue_type, shuffled, repeat, continuous) VALUES ($1, $2, $3, $4, $5, "
                                    + "$6, $7) RETURNING id")
                    .execute(Tuple.from(new Object[] {by.userId(), sourceUri, playlistId, kind, shuffle, repeat,
                        continuous}))
                    .chain(rows -> {
                        long qid = rows.iterator().next().getLong(0);
                        return conn.preparedQuery("INSERT INTO play_queue_item (queue_id, item_id, position, "
                                        + "original_position) SELECT $1, x.id, x.ord, x.ord FROM unnest($2::bigint[]) "
                                        + "WITH ORDINALITY x(id, ord) RETURNING id, position")
                                .execute(Tuple.of(qid, order.toArray(Long[]::new))).chain(inserted -> {
                                    long selected = 0;
                                    for (Row r : inserted) {
                                        if (r.getInteger("position") == startIndex + 1) {
                                            selected = r.getLong("id");
                                        }
                                    }
                                    return conn.preparedQuery("UPDATE play_queue SET selected_item_id = $2 WHERE "
                                            + "id = $1").execute(Tuple.of(qid, selected));
                                })
                                .chain(() -> audit.record(conn, by, "playqueue.create", "playqueue:" + qid, from))
                                .replaceWith(qid);
                    }));
        }).chain(qid -> get(by, scope, qid));
    }

    public Uni<MediaContainer> get(Caller by, SectionAccess.Scope scope, long id) {
        return get(by, scope, id, Paging.ALL);
    }

    /** One page of the queue; the selected item's offset stays its place in the whole queue. */
    public Uni<MediaContainer> get(Caller by, SectionAccess.Scope scope, long id, Paging paging) {
        return pool.preparedQuery("SELECT * FROM play_queue WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(id, by.userId())).chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotFoundException("No play queue " + id);
                    }
                    Row q = rows.iterator().next();
                    return pool.preparedQuery("SELECT qi.id, qi.item_id FROM play_queue_item qi JOIN item i ON "
                                    + "i.id = qi.item_id WHERE qi.queue_id = $1 AND ($2::bigint[] IS NULL OR "
                                    + "i.section_id = ANY($2))" + SectionAccess.Scope.ratingSql("i", 3)
                                    + " ORDER BY qi.position, qi.id")
                            .execute(Tuple.of(id, scope.idsOrNull(), scope.maxAge())).chain(entryRows -> {
                                List<long[]> entries = new ArrayList<>();
                                entryRows.forEach(r -> entries.add(new long[] {r.getLong(0), r.getLong(1)}));
                                List<long[]> page = paging.slice(entries);
                                return items.load(by.userId(), page.stream().map(e -> e[1]).distinct().toList(),
                                        false).map(loaded -> render(q, entries, page, loaded, paging));
                            });
                });
    }

    private MediaContainer render(Row q, List<long[]> entries, List<long[]> page, List<ItemRow> loaded,
            Paging paging) {
        Long selected = q.getLong("selected_item_id");
        int offset = 0;
        Long selectedItem = null;
        for (int i = 0; i < entries.size(); i++) {
            if (selected != null && entries.get(i)[0] == selected) {
                offset = i;
                selectedItem = entries.get(i)[1];
            }
        }
        MediaContainer mc = ItemMapper.container()
                .attr("playQueueID", q.getLong("id"))
                .attr("playQueueSelectedItemID", selected)
                .attr("playQueueSelectedItemOffset", offset)
                .attr("playQueueSelectedMetadataItemID", selectedItem)
                .attr("playQueueShuffled", q.getBoolean("shuffled"))
                .attr("playQueueSourceURI", q.getString("source_uri"))
                .attr("playQueueTotalCount", entries.size())
                .attr("playQueueVersion", q.getInteger("version"))
                .attr("playQueueLastAddedItemID", q.getLong("last_added_item_id"))
                .attr("playQueueRepeat", q.getInteger("repeat"))
                .attr("playQueueContinuous", q.getBoolean("continuous"))
                .attr("playQueuePlaylistID", q.getLong("playlist_id"));
        paging.describe(mc, entries.size());
        ItemMapper.addEntries(mc, page, loaded, options(), "playQueueItemID");
        return mc;
    }

    /**
     * Adds items: "Up Next" goes after the last item added (or after the current one when none was), so added
     * items play in the order they were added; {@code playNext} goes right after the current item.
     */
    public Uni<MediaContainer> add(Caller by, String from, SectionAccess.Scope scope, long id, String uri,
            Long playlistId, boolean playNext) {
        Uni<List<Long>> source = playlistId != null ? playlists.ratingKeys(by, scope, playlistId)
                : library.resolve(by.userId(), scope, LibraryUri.parse(uri))
                        .map(leaves -> leaves.stream().map(LibraryItems.Leaf::id).toList());
        return source.chain(keys -> change(by, from, scope, id, "playqueue.items.add", (conn, q) -> {
            if (keys.isEmpty()) {
                return Uni.createFrom().item(q.lastAdded);
            }
            int anchor = playNext || q.lastAdded == null ? q.indexOf(q.selected == null ? -1 : q.selected)
                    : q.indexOf(q.lastAdded);
            if (anchor < 0) {
                anchor = q.indexOf(q.selected == null ? -1 : q.selected);
            }
            int insertAt = anchor + 1;
            return conn.preparedQuery("INSERT INTO play_queue_item (queue_id, item_id, position, original_position) "
                            + "SELECT $1, x.id, 0, coalesce((SELECT max(original_position) FROM play_queue_item WHERE "
                            + "queue_id = $1), 0) + x.ord FROM unnest($2::bigint[]) WITH ORDINALITY x(id, ord) "
                            + "RETURNING id")
                    .execute(Tuple.of(id, keys.toArray(Long[]::new))).chain(rows -> {
                        List<Long> added = new ArrayList<>();
                        rows.forEach(r -> added.add(r.getLong(0)));
                        Collections.sort(added);
                        List<Long> order = new ArrayList<>(q.entryIds());
                        order.addAll(insertAt, added);
                        // "Play next" jumps the queue without moving where Up Next begins, as on PMS.
                        return PlaylistService.renumber(conn, "play_queue_item", order)
                                .replaceWith(playNext ? q.lastAdded : added.get(added.size() - 1));
                    });
        }));
    }

    public Uni<MediaContainer> remove(Caller by, String from, SectionAccess.Scope scope, long id, long entryId) {
        return change(by, from, scope, id, "playqueue.items.remove", (conn, q) -> {
            int i = q.indexOf(entryId);
            if (i < 0) {
                throw new NotFoundException("No item " + entryId + " in play queue " + id);
            }
            // The next item becomes current; the previous one when the last item goes.
            Long selected = q.selected == null || q.selected != entryId ? q.selected
                    : q.entries.size() == 1 ? null : (Long) q.entries.get(i + 1 < q.entries.size() ? i + 1 : i - 1)[0];
            Long lastAdded = q.lastAdded != null && q.lastAdded == entryId ? null : q.lastAdded;
            return conn.preparedQuery("DELETE FROM play_queue_item WHERE id = $1").execute(Tuple.of(entryId))
                    .chain(() -> conn.preparedQuery("UPDATE play_queue SET selected_item_id = $2 WHERE id = $1")
                            .execute(Tuple.of(id, selected)))
                    .replaceWith(lastAdded);
        });
    }

    public Uni<MediaContainer> move(Caller by, String from, SectionAccess.Scope scope, long id, long entryId,
            Long after) {
        return change(by, from, scope, id, "playqueue.items.move", (conn, q) -> {
            List<Long> order = new ArrayList<>(q.entryIds());
            ItemOrder.moveAfter(order, entryId, after, "play queue " + id);
            // On PMS an item moved behind another marks where Up Next begins; one moved to the top does not.
            return PlaylistService.renumber(conn, "play_queue_item", order)
                    .replaceWith(after == null || after == 0 ? q.lastAdded : Long.valueOf(entryId));
        });
    }

    /** Clears the queue but the item playing now. */
    public Uni<MediaContainer> clear(Caller by, String from, SectionAccess.Scope scope, long id) {
        return change(by, from, scope, id, "playqueue.clear", (conn, q) -> conn.preparedQuery(
                        "DELETE FROM play_queue_item WHERE queue_id = $1 AND id IS DISTINCT FROM $2")
                .execute(Tuple.of(id, q.selected)).replaceWith((Long) null));
    }

    /** Shuffles everything but the current item, which stays current and moves to the top. */
    public Uni<MediaContainer> shuffle(Caller by, String from, SectionAccess.Scope scope, long id) {
        return change(by, from, scope, id, "playqueue.shuffle", (conn, q) -> {
            List<Long> order = new ArrayList<>(q.entryIds());
            if (q.selected != null) {
                order.remove(q.selected);
            }
            Collections.shuffle(order);
            if (q.selected != null) {
                order.add(0, q.selected);
            }
            return PlaylistService.renumber(conn, "play_queue_item", order)
                    .chain(() -> conn.preparedQuery("UPDATE play_queue SET shuffled = true WHERE id = $1")
                            .execute(Tuple.of(id)))
                    .replaceWith(q.lastAdded);
        });
    }

    public Uni<MediaContainer> unshuffle(Caller by, String from, SectionAccess.Scope scope, long id) {
        return change(by, from, scope, id, "playqueue.unshuffle", (conn, q) -> conn.preparedQuery(
                        "UPDATE play_queue_item t SET position = o.rn FROM (SELECT id, row_number() OVER (ORDER BY "
                                + "original_position, id) AS rn FROM play_queue_item WHERE queue_id = $1) o WHERE "
                                + "t.id = o.id")
                .execute(Tuple.of(id))
                .chain(() -> conn.preparedQuery("UPDATE play_queue SET shuffled = false WHERE id = $1")
                        .execute(Tuple.of(id)))
                .replaceWith(q.lastAdded));
    }

    /**
     * Runs one change on the locked queue; the step returns the new playQueueLastAddedItemID. Then bumps the
     * version, audits, and answers with the queue as it now is.
     */
    private Uni<MediaContainer> change(Caller by, String from, SectionAccess.Scope scope, long id, String action,
            BiFunction<SqlConnection, Queue, Uni<Long>> step) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT * FROM play_queue WHERE id = $1 AND "
                        + "user_id = $2 FOR UPDATE").execute(Tuple.of(id, by.userId())).chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotFoundException("No play queue " + id);
                    }
                    Row r = rows.iterator().next();
                    Queue q = new Queue();
                    q.id = id;
                    q.selected = r.getLong("selected_item_id");
                    q.lastAdded = r.getLong("last_added_item_id");
                    return conn.preparedQuery("SELECT id, item_id FROM play_queue_item WHERE queue_id = $1 ORDER BY "
                                    + "position, id").execute(Tuple.of(id)).chain(entries -> {
                                        entries.forEach(e -> q.entries.add(new long[] {e.getLong(0), e.getLong(1)}));
                                        return step.apply(conn, q);
                                    });
                }).chain(lastAdded -> conn.preparedQuery("UPDATE play_queue SET version = version + 1, "
                        + "last_added_item_id = $2, updated_at = now() WHERE id = $1").execute(Tuple.of(id, lastAdded)))
                .chain(() -> audit.record(conn, by, action, "playqueue:" + id, from)))
                .chain(() -> get(by, scope, id));
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
