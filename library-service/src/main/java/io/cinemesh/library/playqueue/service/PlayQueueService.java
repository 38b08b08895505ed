package io.cinemesh.library.playqueue.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.playlist.service.ItemOrder;
import io.cinemesh.library.playlist.service.LibraryItems;
import io.cinemesh.library.playlist.service.LibraryUri;
import io.cinemesh.library.playlist.service.PlaylistService;
import io.cinemesh.library.playqueue.mapping.PlayQueueMapper;
import io.cinemesh.library.playqueue.repository.PlayQueueRepository;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
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
    PlayQueueRepository queues;
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
            return queues.inTransaction(conn -> queues.insert(conn, by.userId(), sourceUri, playlistId, kind,
                            shuffle, repeat, continuous, order, startIndex)
                    .call(qid -> audit.record(conn, by, "playqueue.create", "playqueue:" + qid, from)));
        }).chain(qid -> get(by, scope, qid));
    }

    public Uni<MediaContainer> get(Caller by, SectionAccess.Scope scope, long id) {
        return get(by, scope, id, Paging.ALL);
    }

    /** One page of the queue; the selected item's offset stays its place in the whole queue. */
    public Uni<MediaContainer> get(Caller by, SectionAccess.Scope scope, long id, Paging paging) {
        return queues.find(by.userId(), id).chain(q -> {
            if (q == null) {
                throw new NotFoundException("No play queue " + id);
            }
            return queues.entries(id, scope).chain(entries -> {
                List<long[]> page = paging.slice(entries);
                return items.load(by.userId(), page.stream().map(e -> e[1]).distinct().toList(), false)
                        .map(loaded -> PlayQueueMapper.container(q, entries, page, loaded, paging,
                                new ItemMapper.Options(false, false, mediaRoot.rootOrNull())));
            });
        });
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
            return queues.add(conn, id, keys).chain(added -> {
                        Collections.sort(added);
                        List<Long> order = new ArrayList<>(q.entryIds());
                        order.addAll(insertAt, added);
                        // "Play next" jumps the queue without moving where Up Next begins, as on PMS.
                        return queues.reorder(conn, order)
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
            return queues.removeEntry(conn, entryId).chain(() -> queues.select(conn, id, selected))
                    .replaceWith(lastAdded);
        });
    }

    public Uni<MediaContainer> move(Caller by, String from, SectionAccess.Scope scope, long id, long entryId,
            Long after) {
        return change(by, from, scope, id, "playqueue.items.move", (conn, q) -> {
            List<Long> order = new ArrayList<>(q.entryIds());
            ItemOrder.moveAfter(order, entryId, after, "play queue " + id);
            // On PMS an item moved behind another marks where Up Next begins; one moved to the top does not.
            return queues.reorder(conn, order)
                    .replaceWith(after == null || after == 0 ? q.lastAdded : Long.valueOf(entryId));
        });
    }

    /** Clears the queue but the item playing now. */
    public Uni<MediaContainer> clear(Caller by, String from, SectionAccess.Scope scope, long id) {
        return change(by, from, scope, id, "playqueue.clear", (conn, q) -> queues.clear(conn, id, q.selected)
                .replaceWith((Long) null));
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
            return queues.reorder(conn, order).chain(() -> queues.shuffled(conn, id, true)).replaceWith(q.lastAdded);
        });
    }

    public Uni<MediaContainer> unshuffle(Caller by, String from, SectionAccess.Scope scope, long id) {
        return change(by, from, scope, id, "playqueue.unshuffle", (conn, q) -> queues.restoreOriginalOrder(conn, id)
                .chain(() -> queues.shuffled(conn, id, false)).replaceWith(q.lastAdded));
    }

    /**
     * Runs one change on the locked queue; the step returns the new playQueueLastAddedItemID. Then bumps the
     * version, audits, and answers with the queue as it now is.
     */
    private Uni<MediaContainer> change(Caller by, String from, SectionAccess.Scope scope, long id, String action,
            BiFunction<SqlConnection, Queue, Uni<Long>> step) {
        return queues.inTransaction(conn -> queues.lock(conn, by.userId(), id).chain(row -> {
            if (row == null) {
                throw new NotFoundException("No play queue " + id);
            }
            Queue q = new Queue();
            q.id = id;
            q.selected = row.selected();
            q.lastAdded = row.lastAdded();
            return queues.entries(conn, id).chain(entries -> {
                q.entries.addAll(entries);
                return step.apply(conn, q);
            });
        }).chain(lastAdded -> queues.changed(conn, id, lastAdded))
                .chain(() -> audit.record(conn, by, action, "playqueue:" + id, from)))
                .chain(() -> get(by, scope, id));
    }
}
