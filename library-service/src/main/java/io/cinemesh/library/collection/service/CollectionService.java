package io.cinemesh.library.collection.service;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.ItemEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.collection.mapping.CollectionMapper;
import io.cinemesh.library.collection.repository.CollectionRepository.Member;
import io.cinemesh.library.collection.repository.CollectionRepository.SortBy;
import io.cinemesh.library.collection.repository.CollectionRepository;
import io.cinemesh.library.collection.repository.CollectionRow;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.playlist.service.LibraryUri;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.outbox.EventOutbox;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collections (Plex type 18): hand-made groups of items of one section and one type. Only the owner changes
 * collections; everyone sees those of the sections shared with them. Each change says what changed on
 * {@code library.events} (the collection, and each item whose collections changed) and is audited, in its
 * transaction.
 */
@ApplicationScoped
public class CollectionService {

    @Inject
    CollectionRepository collections;
    @Inject
    ItemRepository items;
    @Inject
    BrowseService browse;
    @Inject
    MediaRoot mediaRoot;
    @Inject
    EventOutbox outbox;
    @Inject
    AuditTrail audit;

    /** {@code /library/sections/{id}/collections} and {@code /library/sections/{id}/all?type=18}. */
    public Uni<MediaContainer> list(SectionAccess.Scope scope, long sectionId, String title, String sort,
            Paging paging, boolean includeMeta) {
        String contains = title == null || title.isBlank() ? null : title.trim().toLowerCase(Locale.ROOT);
        String by = sort == null || sort.isBlank() ? "titleSort" : sort.trim();
        boolean descending = by.endsWith(":desc");
        SortBy sortBy = sortBy(by.replaceFirst(":(asc|desc)$", "").replaceFirst("^collection\\.", ""), sort);
        return browse.section(sectionId, scope).chain(s -> collections.count(scope, sectionId, contains)
                .chain(total -> {
                    int size = (int) Math.max(0, Math.min(paging.limit(BrowseService.MAX_PAGE),
                            total - paging.start()));
                    MediaContainer mc = CollectionMapper.section(s);
                    paging.describe(mc, total);
                    if (includeMeta) {
                        mc.add(CollectionMapper.meta(sectionId));
                    }
                    if (size == 0) {
                        return Uni.createFrom().item(mc.attr("size", 0));
                    }
                    return collections.page(scope, sectionId, contains, sortBy, descending, paging.start(), size)
                            .map(page -> {
                                page.forEach(c -> mc.add(CollectionMapper.element(c)));
                                // The Meta child is no collection.
                                return mc.attr("size", page.size());
                            });
                }));
    }

    /** {@code /library/collections/{id}} (and {@code /library/metadata/{id}} for a collection's ratingKey). */
    public Uni<MediaContainer> get(SectionAccess.Scope scope, long id) {
        return find(scope, id).map(CollectionMapper::single);
    }

    /** {@code /library/collections/{id}/children}: the members, paged. */
    public Uni<MediaContainer> children(long userId, SectionAccess.Scope scope, long id, Paging paging,
            boolean includeGuids) {
        return find(scope, id).chain(c -> collections.countMembers(c, scope).chain(total -> {
            MediaContainer mc = CollectionMapper.children(c);
            paging.describe(mc, total);
            int size = (int) Math.max(0, Math.min(paging.limit(BrowseService.MAX_PAGE), total - paging.start()));
            if (size == 0) {
                return Uni.createFrom().item(mc.attr("size", 0));
            }
            return collections.memberIds(c, scope, paging.start(), size)
                    .chain(ids -> items.load(userId, ids, false)).map(rows -> {
                        ItemMapper.Options o = new ItemMapper.Options(includeGuids, false, mediaRoot.rootOrNull());
                        rows.forEach(r -> mc.add(ItemMapper.render(r, o)));
                        return mc;
                    });
        }));
    }

    /** {@code POST /library/collections?type=&title=&smart=0&sectionId=&uri=…/library/metadata/1,2}. */
    public Uni<MediaContainer> create(Caller by, String from, SectionAccess.Scope scope, Long sectionId, String type,
            String title, boolean smart, String uri) {
        owner(by);
        String name = title(title);
        if (smart) {
            throw new BadRequestException("smart collections are not supported; create one with smart=0 and a uri "
                    + "naming its items");
        }
        List<Long> keys = ratingKeys(uri);
        Integer wanted = type(type);
        return members(scope, keys).chain(members -> {
            Long sid = sectionId != null ? sectionId : members.isEmpty() ? null : members.get(0).sectionId();
            if (sid == null) {
                throw new BadRequestException("sectionId is required for a collection without items");
            }
            return browse.section(sid, scope).chain(s -> {
                int subtype = wanted != null ? wanted : members.isEmpty() ? PlexTypes.primary(s.type())
                        : members.get(0).type();
                fits(members, sid, subtype);
                return collections.inTransaction(conn -> freeTag(conn, sid, name)
                        .chain(tagId -> collections.insert(conn, sid, tagId, name, subtype)
                                .call(id -> collections.addMembers(conn, tagId, members)))
                        .call(id -> publish(conn, EventTypes.ITEM_ADDED, id, sid, name, members))
                        .call(id -> audit.record(conn, by, "collection.create", "collection:" + id, from)));
            });
        }).chain(id -> get(scope, id));
    }

    /** {@code PUT /library/collections/{id}/items?uri=}: adds items of the collection's section and type. */
    public Uni<MediaContainer> add(Caller by, String from, SectionAccess.Scope scope, long id, String uri) {
        owner(by);
        List<Long> keys = ratingKeys(uri);
        if (keys.isEmpty()) {
            throw new BadRequestException("uri is required: the items to add, e.g. "
                    + "server://{machineIdentifier}/com.plexapp.plugins.library/library/metadata/1,2");
        }
        return find(scope, id).chain(c -> members(scope, keys).chain(members -> {
            fits(members, c.sectionId(), c.subtype());
            return collections.inTransaction(conn -> collections.addMembers(conn, c.tagId(), members)
                    .chain(() -> collections.touch(conn, id))
                    .chain(() -> publish(conn, EventTypes.ITEM_UPDATED, id, c.sectionId(), c.title(), members))
                    .chain(() -> audit.record(conn, by, "collection.items.add", "collection:" + id, from)));
        })).chain(() -> get(scope, id));
    }

    /** {@code DELETE /library/collections/{id}/items/{ratingKey}}. */
    public Uni<MediaContainer> remove(Caller by, String from, SectionAccess.Scope scope, long id, long itemId) {
        owner(by);
        return find(scope, id).chain(c -> members(scope, List.of(itemId)).chain(members -> collections
                .inTransaction(conn -> collections.removeMember(conn, c, itemId).chain(removed -> {
                    if (!removed) {
                        throw new NotFoundException("Item " + itemId + " is not in collection " + id);
                    }
                    return collections.touch(conn, id);
                })
                        .chain(() -> publish(conn, EventTypes.ITEM_UPDATED, id, c.sectionId(), c.title(), members))
                        .chain(() -> audit.record(conn, by, "collection.items.remove", "collection:" + id, from)))))
                .chain(() -> get(scope, id));
    }

    /** {@code DELETE /library/collections/{id}}: the collection goes, its items stay. */
    public Uni<Void> delete(Caller by, String from, SectionAccess.Scope scope, long id) {
        owner(by);
        return find(scope, id).chain(c -> collections.inTransaction(conn -> collections.delete(conn, c)
                .chain(members -> publish(conn, EventTypes.ITEM_REMOVED, id, c.sectionId(), c.title(), members))
                .chain(() -> audit.record(conn, by, "collection.delete", "collection:" + id, from))));
    }

    /**
     * {@code PUT /library/sections/{sid}/all?type=18&id=&title.value=}: python-plexapi's {@code editTitle}. The
     * members move to the tag of the new title.
     */
    public Uni<Void> rename(Caller by, String from, long sectionId, String ids, String title) {
        owner(by);
        if (title == null) {
            throw new BadRequestException("title.value is required: a collection's title is the field that can be "
                    + "edited");
        }
        String name = title(title);
        long id;
        try {
            id = Long.parseLong(ids == null ? "" : ids.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("id must be one collection's ratingKey (got '" + ids + "')");
        }
        return find(SectionAccess.Scope.ALL, id).chain(c -> {
            if (c.sectionId() != sectionId) {
                throw new NotFoundException("No collection " + id + " in library section " + sectionId);
            }
            return collections.inTransaction(conn -> collections.tag(conn, name).chain(tagId -> {
                Uni<Void> move = tagId == c.tagId() ? Uni.createFrom().voidItem()
                        : requireFree(conn, sectionId, tagId, name)
                                .chain(() -> collections.moveMembers(conn, sectionId, c.tagId(), tagId));
                return move.chain(() -> collections.rename(conn, id, tagId, name))
                        .chain(() -> publish(conn, EventTypes.ITEM_UPDATED, id, sectionId, name, List.of()))
                        .chain(() -> audit.record(conn, by, "collection.update", "collection:" + id, from));
            }));
        });
    }

    /** Collections whose titles contain {@code query}, exact matches first, as one search hub (null when none). */
    public Uni<PlexElement> hub(SectionAccess.Scope scope, String query, int limit, Long sectionId) {
        return collections.search(scope, query.trim().toLowerCase(Locale.ROOT), limit + 1, sectionId)
                .map(found -> found.isEmpty() ? null : CollectionMapper.hub(found, limit));
    }

    /** The collection when the caller may see its section; 404 otherwise. */
    public Uni<CollectionRow> find(SectionAccess.Scope scope, long id) {
        return collections.find(scope, id).map(c -> {
            if (c == null) {
                throw new NotFoundException("No collection " + id);
            }
            return c;
        });
    }

    /** The items named, all visible to the caller; 404 for any that is not. */
    private Uni<List<Member>> members(SectionAccess.Scope scope, List<Long> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return collections.items(keys).map(rows -> {
            Map<Long, Member> found = new HashMap<>();
            rows.forEach(m -> found.put(m.id(), m));
            List<Member> out = new ArrayList<>();
            for (Long k : keys) {
                Member m = found.get(k);
                if (m == null || !scope.allows(m.sectionId(), m.ratingAge())) {
                    throw new NotFoundException("No item with ratingKey " + k);
                }
                out.add(m);
            }
            return out;
        });
    }

    /** The tag for a new collection title, which the section's other collections must not carry. */
    private Uni<Long> freeTag(SqlConnection conn, long sectionId, String name) {
        return collections.tag(conn, name).call(tagId -> requireFree(conn, sectionId, tagId, name));
    }

    private Uni<Void> requireFree(SqlConnection conn, long sectionId, long tagId, String name) {
        return collections.taken(conn, sectionId, tagId).map(taken -> {
            if (taken) {
                throw new ClientErrorException("Library section " + sectionId + " already has a collection "
                        + "named '" + name + "'", 409);
            }
            return null;
        });
    }

    /** library.events: the collection itself, and item.updated for each item whose collections changed. */
    private Uni<Void> publish(SqlConnection conn, String type, long id, long sectionId, String title,
            List<Member> members) {
        Uni<Void> chain = outbox.stage(conn, Topics.LIBRARY, CinemeshEvent.of(type, outbox.source(),
                Long.toString(id), new ItemEvent(Long.toString(id), sectionId, "collection", null, title, null)));
        for (Member m : members) {
            chain = chain.chain(() -> outbox.stage(conn, Topics.LIBRARY, CinemeshEvent.of(EventTypes.ITEM_UPDATED,
                    outbox.source(), Long.toString(m.id()), new ItemEvent(Long.toString(m.id()), m.sectionId(),
                            PlexTypes.name(m.type()), null, m.title(), null))));
        }
        return chain;
    }

    /** A collection holds items of one section and one type, as in PMS. */
    private static void fits(List<Member> members, long sectionId, int subtype) {
        for (Member m : members) {
            if (m.sectionId() != sectionId) {
                throw new BadRequestException("item " + m.id() + " is in another library section than the "
                        + "collection (section " + sectionId + ")");
            }
            if (m.type() != subtype) {
                throw new BadRequestException("item " + m.id() + " is a " + PlexTypes.name(m.type()) + "; this "
                        + "collection holds " + PlexTypes.name(subtype) + " items");
            }
        }
    }

    private static void owner(Caller by) {
        if (!by.isOwner()) {
            throw new ForbiddenException("Only the server owner can change collections");
        }
    }

    private static String title(String title) {
        if (title == null || title.isBlank()) {
            throw new BadRequestException("title is required");
        }
        if (title.trim().length() > 255) {
            throw new BadRequestException("title must be at most 255 characters");
        }
        return title.trim();
    }

    private static List<Long> ratingKeys(String uri) {
        if (uri == null || uri.isBlank()) {
            return List.of();
        }
        LibraryUri u = LibraryUri.parse(uri);
        if (u.isQuery()) {
            throw new BadRequestException("a collection holds named items: use a uri like server://"
                    + "{machineIdentifier}/com.plexapp.plugins.library/library/metadata/1,2");
        }
        return u.ratingKeys();
    }

    private static SortBy sortBy(String field, String sort) {
        return switch (field) {
            case "titleSort", "title" -> SortBy.TITLE;
            case "addedAt" -> SortBy.ADDED_AT;
            case "updatedAt" -> SortBy.UPDATED_AT;
            default -> throw new BadRequestException("collections sort by titleSort, addedAt or updatedAt (got '"
                    + sort + "')");
        };
    }

    /** {@code type=} as a Plex type number or name; null when absent. */
    private static Integer type(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        String t = type.trim();
        Integer n = t.matches("\\d+") ? Integer.valueOf(t) : PlexTypes.number(t.toLowerCase(Locale.ROOT));
        if (n == null || PlexTypes.name(n) == null) {
            throw new BadRequestException("type must be a library item type such as 1 (movie), 2 (show), 8 "
                    + "(artist) or 9 (album) (got '" + type + "')");
        }
        return n;
    }
}
