package io.cinemesh.library.playlist.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.playlist.mapping.PlaylistMapper;
import io.cinemesh.library.playlist.repository.PlaylistRepository;
import io.cinemesh.library.playlist.repository.PlaylistRow;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Playlists: each belongs to the user who made it and shows only items from sections shared with them. A smart
 * playlist keeps its section query and is evaluated on every read, so it follows the library. Each change is
 * audited in its transaction.
 */
@ApplicationScoped
public class PlaylistService {

    static final Set<String> KINDS = Set.of("video", "audio", "photo");

    @Inject
    PlaylistRepository playlists;
    @Inject
    AuditTrail audit;
    @Inject
    LibraryItems library;
    @Inject
    ItemRepository items;
    @Inject
    MediaRoot mediaRoot;

    public Uni<MediaContainer> list(Caller by, SectionAccess.Scope scope, String kind, String title) {
        return playlists.list(by.userId(), scope, kind == null || kind.isBlank() ? null : kind.trim(),
                        title == null || title.isBlank() ? null : title.trim().toLowerCase(Locale.ROOT))
                .chain(rows -> {
                    List<Uni<PlaylistRow>> all = new ArrayList<>();
                    rows.forEach(p -> all.add(counted(by, scope, p)));
                    return all.isEmpty() ? Uni.createFrom().item(List.<PlaylistRow>of())
                            : Uni.join().all(all).andFailFast();
                }).map(list -> {
                    MediaContainer mc = new MediaContainer();
                    list.forEach(p -> mc.add(PlaylistMapper.element(p)));
                    return mc;
                });
    }

    public Uni<MediaContainer> get(Caller by, SectionAccess.Scope scope, long id) {
        return find(by, scope, id).map(p -> new MediaContainer().add(PlaylistMapper.element(p)));
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
            return playlists.inTransaction(conn -> playlists.insert(conn, by.userId(), title.trim(), k, smart,
                            source.sectionId(), source.sectionQuery())
                    .call(id -> smart ? Uni.createFrom().voidItem() : playlists.append(conn, id, ids(leaves)))
                    .call(id -> audit.record(conn, by, "playlist.create", "playlist:" + id, from)));
        }).chain(id -> get(by, scope, id));
    }

    public Uni<Void> edit(Caller by, String from, SectionAccess.Scope scope, long id, String title, String summary) {
        if (title == null && summary == null) {
            throw new BadRequestException("nothing to change: send title.value= or summary.value=");
        }
        if (title != null && title.isBlank()) {
            throw new BadRequestException("title must not be empty");
        }
        return owned(by, id).chain(() -> playlists.inTransaction(conn -> playlists.update(conn, id,
                        title == null ? null : title.trim(), summary)
                .chain(() -> audit.record(conn, by, "playlist.update", "playlist:" + id, from))));
    }

    public Uni<Void> delete(Caller by, String from, long id) {
        return owned(by, id).chain(() -> playlists.inTransaction(conn -> playlists.delete(conn, id)
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
                MediaContainer mc = PlaylistMapper.items(p);
                paging.describe(mc, all.size());
                ItemMapper.addEntries(mc, entries, rows, new ItemMapper.Options(false, false,
                        mediaRoot.rootOrNull()), "playlistItemID");
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
                return playlists.inTransaction(conn -> playlists.append(conn, id, ids(leaves))
                        .chain(() -> playlists.touch(conn, id))
                        .chain(() -> audit.record(conn, by, "playlist.items.add", "playlist:" + id, from)));
            });
        }).chain(() -> items(by, scope, id));
    }

    public Uni<MediaContainer> remove(Caller by, String from, SectionAccess.Scope scope, long id, long entryId) {
        return manual(by, scope, id).chain(() -> playlists.inTransaction(conn -> playlists
                .removeEntry(conn, id, entryId).chain(removed -> {
                    if (!removed) {
                        throw new NotFoundException("No item " + entryId + " in playlist " + id);
                    }
                    return playlists.touch(conn, id);
                }).chain(() -> audit.record(conn, by, "playlist.items.remove", "playlist:" + id, from))))
                .chain(() -> items(by, scope, id));
    }

    /** Moves an entry right after {@code after} (another entry), or to the top when {@code after} is absent or 0. */
    public Uni<MediaContainer> move(Caller by, String from, SectionAccess.Scope scope, long id, long entryId,
            Long after) {
        return manual(by, scope, id).chain(() -> playlists.inTransaction(conn -> playlists.lockOrder(conn, id)
                .chain(order -> {
                    ItemOrder.moveAfter(order, entryId, after, "playlist " + id);
                    return playlists.reorder(conn, order);
                }).chain(() -> playlists.touch(conn, id))
                .chain(() -> audit.record(conn, by, "playlist.items.move", "playlist:" + id, from))))
                .chain(() -> items(by, scope, id));
    }

    /** The playlist's items in order, for a play queue. */
    public Uni<List<Long>> ratingKeys(Caller by, SectionAccess.Scope scope, long id) {
        return find(by, scope, id).chain(p -> entries(by, scope, p)).map(e -> e.stream().map(x -> x[1]).toList());
    }

    /** Entries as [playlistItemID, ratingKey], in order; a smart playlist's entries are its query's items. */
    Uni<List<long[]>> entries(Caller by, SectionAccess.Scope scope, PlaylistRow p) {
        if (p.smart()) {
            return library.resolve(by.userId(), scope, new LibraryUri(List.of(), p.sectionId(), p.query()))
                    .map(leaves -> leaves.stream().map(l -> new long[] {l.id(), l.id()}).toList());
        }
        return playlists.entries(p.id(), scope);
    }

    /** The caller's playlist; another user's playlist is as absent as a missing one. */
    Uni<PlaylistRow> find(Caller by, SectionAccess.Scope scope, long id) {
        return playlists.find(by.userId(), scope, id).chain(p -> {
            if (p == null) {
                throw new NotFoundException("No playlist " + id);
            }
            return counted(by, scope, p);
        });
    }

    private Uni<Void> owned(Caller by, long id) {
        return playlists.owns(by.userId(), id).map(owns -> {
            if (!owns) {
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

    /** A smart playlist's counters are those of its query's items now. */
    private Uni<PlaylistRow> counted(Caller by, SectionAccess.Scope scope, PlaylistRow p) {
        if (!p.smart()) {
            return Uni.createFrom().item(p);
        }
        return entries(by, scope, p).chain(entries -> {
            Long[] ids = entries.stream().map(e -> e[1]).toArray(Long[]::new);
            return playlists.durationMs(ids).map(ms -> p.counted(ids.length, ms));
        });
    }

    private static List<Long> ids(List<LibraryItems.Leaf> leaves) {
        return leaves.stream().map(LibraryItems.Leaf::id).toList();
    }

    private static void checkKinds(String kind, List<LibraryItems.Leaf> leaves) {
        for (LibraryItems.Leaf l : leaves) {
            if (!LibraryItems.kindOf(l.type()).equals(kind)) {
                throw new BadRequestException("item " + l.id() + " cannot go in a " + kind + " playlist");
            }
        }
    }
}
