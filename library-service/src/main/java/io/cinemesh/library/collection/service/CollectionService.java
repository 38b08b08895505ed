package io.cinemesh.library.collection.service;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.ItemEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.playlist.service.LibraryUri;
import io.cinemesh.library.scan.repository.ScanStore;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.outbox.EventOutbox;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.sql.Like;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Collections (Plex type 18): hand-made groups of items of one section and one type. A collection's members are
 * the items carrying its tag (tag_type 2) within its section, so {@code collection=ID} filters and the items'
 * {@code <Collection>} tags follow it without further bookkeeping. Only the owner changes collections; everyone
 * sees those of the sections shared with them.
 */
@ApplicationScoped
public class CollectionService {

    public static final int TYPE = 18;
    static final int TAG_TYPE = 2;

    @Inject
    Pool pool;
    @Inject
    AuditTrail audit;
    @Inject
    EventOutbox outbox;
    @Inject
    ItemRepository items;
    @Inject
    BrowseService browse;
    @Inject
    MediaRoot mediaRoot;

    /** One collection with its counters. */
    public record Stored(long id, long sectionId, String sectionTitle, UUID sectionUuid, long tagId, String guid,
            String title, int subtype, OffsetDateTime addedAt, OffsetDateTime updatedAt, long childCount,
            String thumb) {
    }

    record Member(long id, long sectionId, int type, String title, Integer ratingAge) {
    }

    /** The members of collection {@code c}, in the order the collection shows them (release year, then title). */
    private static final String MEMBERS = " FROM item_tag it JOIN item i ON i.id = it.item_id WHERE it.tag_id = "
            + "c.tag_id AND i.section_id = c.section_id";
    private static final String MEMBER_ORDER = " ORDER BY i.year NULLS LAST, i.title_sort, i.id";

    /**
     * A collection with its count and picture as the caller sees them: members above a managed user's rating
     * limit are neither counted nor shown as its thumb. The limit is an integer from the database, inlined so
     * that every caller's parameter numbering stays as it is.
     */
    private static String select(SectionAccess.Scope scope) {
        String members = MEMBERS + (scope.maxAge() == null ? ""
                : " AND (i.rating_age IS NULL OR i.rating_age <= " + scope.maxAge().intValue() + ")");
        return "SELECT c.*, s.name AS s_name, s.uuid AS s_uuid, (SELECT count(*)" + members
                + ") AS child_count, (SELECT '/library/metadata/' || i.id || '/thumb/' || extract(epoch FROM "
                + "a.updated_at)::bigint" + members.replace(" WHERE", " JOIN artwork a ON a.item_id = i.id AND "
                + "a.kind = 'thumb' WHERE") + MEMBER_ORDER + " LIMIT 1) AS thumb FROM collection c JOIN section s ON "
                + "s.id = c.section_id WHERE ($1::bigint[] IS NULL OR c.section_id = ANY($1)) ";
    }

    /** {@code /library/sections/{id}/collections} and {@code /library/sections/{id}/all?type=18}. */
    public Uni<MediaContainer> list(SectionAccess.Scope scope, long sectionId, String title, String sort,
            Paging paging, boolean includeMeta) {
        return browse.section(sectionId, scope).chain(s -> {
            List<Object> params = new ArrayList<>();
            params.add(scope.idsOrNull());
            params.add(sectionId);
            boolean byTitle = title != null && !title.isBlank();
            if (byTitle) {
                params.add(Like.containing(title.trim().toLowerCase(Locale.ROOT)));
            }
            String where = " AND c.section_id = $2" + (byTitle ? " AND c.title_search LIKE $3" : "");
            String order = order(sort);
            return pool.preparedQuery("SELECT count(*) FROM collection c WHERE ($1::bigint[] IS NULL OR "
                            + "c.section_id = ANY($1))" + where).execute(Tuple.from(params)).chain(count -> {
                long total = count.iterator().next().getLong(0);
                int size = (int) Math.max(0, Math.min(paging.limit(BrowseService.MAX_PAGE), total - paging.start()));
                MediaContainer mc = ItemMapper.container().attr("librarySectionID", s.id())
                        .attr("librarySectionTitle", s.name()).attr("librarySectionUUID", s.uuid().toString())
                        .attr("title1", s.name()).attr("title2", "Collections").attr("viewGroup", "secondary");
                paging.describe(mc, total);
                if (includeMeta) {
                    mc.add(meta(sectionId));
                }
                if (size == 0) {
                    return Uni.createFrom().item(mc.attr("size", 0));
                }
                return pool.preparedQuery(select(scope) + where + order + " LIMIT " + size + " OFFSET " + paging.start())
                        .execute(Tuple.from(params)).map(rows -> {
                            rows.forEach(r -> mc.add(element(stored(r))));
                            // The Meta child is no collection.
                            return mc.attr("size", rows.rowCount());
                        });
            });
        });
    }

    /** {@code /library/collections/{id}} (and {@code /library/metadata/{id}} for a collection's ratingKey). */
    public Uni<MediaContainer> get(SectionAccess.Scope scope, long id) {
        return find(scope, id).map(c -> ItemMapper.container().attr("librarySectionID", c.sectionId())
                .attr("librarySectionTitle", c.sectionTitle()).attr("librarySectionUUID", c.sectionUuid().toString())
                .add(element(c)));
    }

    /** {@code /library/collections/{id}/children}: the members, paged. */
    public Uni<MediaContainer> children(long userId, SectionAccess.Scope scope, long id, Paging paging,
            boolean includeGuids) {
        return find(scope, id).chain(c -> {
            List<Object> params = new ArrayList<>(List.of(c.tagId(), c.sectionId()));
            String from = " FROM item_tag it JOIN item i ON i.id = it.item_id WHERE it.tag_id = $1 AND "
                    + "i.section_id = $2" + scope.ratingSql("i", params);
            return items.count("SELECT count(*)" + from, params).chain(total -> {
                MediaContainer mc = ItemMapper.container().attr("key", Long.toString(c.id()))
                        .attr("ratingKey", Long.toString(c.id())).attr("title1", c.sectionTitle())
                        .attr("title2", c.title()).attr("librarySectionID", c.sectionId())
                        .attr("librarySectionTitle", c.sectionTitle())
                        .attr("librarySectionUUID", c.sectionUuid().toString())
                        .attr("viewGroup", PlexTypes.name(c.subtype()));
                paging.describe(mc, total);
                int size = (int) Math.max(0, Math.min(paging.limit(BrowseService.MAX_PAGE), total - paging.start()));
                if (size == 0) {
                    return Uni.createFrom().item(mc.attr("size", 0));
                }
                return items.ids("SELECT i.id" + from + MEMBER_ORDER + " LIMIT " + size + " OFFSET "
                                + paging.start(), params)
                        .chain(ids -> items.load(userId, ids, false)).map(rows -> {
                            ItemMapper.Options o = new ItemMapper.Options(includeGuids, false, mediaRoot.rootOrNull());
                            rows.forEach(r -> mc.add(ItemMapper.render(r, o)));
                            return mc;
                        });
            });
        });
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
                return pool.withTransaction(conn -> tag(conn, name).chain(tagId -> unused(conn, sid, tagId, name)
                        .chain(() -> conn.preparedQuery("INSERT INTO collection (section_id, tag_id, guid, title, "
                                        + "title_search, subtype) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                                .execute(Tuple.from(new Object[] {sid, tagId, "collection://" + UUID.randomUUID(),
                                    name, ScanStore.search(name), subtype})))
                        .chain(rows -> {
                            long id = rows.iterator().next().getLong(0);
                            return tagItems(conn, tagId, members)
                                    .chain(() -> stage(conn, EventTypes.ITEM_ADDED, id, sid, name, members))
                                    .chain(() -> audit.record(conn, by, "collection.create", "collection:" + id,
                                            from))
                                    .replaceWith(id);
                        })));
            });
        }).chain(id -> get(scope, id));
    }

    /** {@code PUT /library/collections/{id}/items?uri=}: adds items of the collection's section and type. */
    public Uni<MediaContainer> add(Caller by, String from, SectionAccess.Scope scope, long id, String uri) {
        owner(by);
        List<Long> keys = ratingKeys(uri);
        if (keys.isEmpty()) {
            throw new BadRequestException("uri is required: the items to add, e.g. server://{machineIdentifier}/com.plexapp.plugins.library/library/metadata/1,2");
        }
        return find(scope, id).chain(c -> members(scope, keys).chain(members -> {
            fits(members, c.sectionId(), c.subtype());
            return pool.withTransaction(conn -> tagItems(conn, c.tagId(), members).chain(() -> touch(conn, id))
                    .chain(() -> stage(conn, EventTypes.ITEM_UPDATED, id, c.sectionId(), c.title(), members))
                    .chain(() -> audit.record(conn, by, "collection.items.add", "collection:" + id, from)));
        })).chain(() -> get(scope, id));
    }

    /** {@code DELETE /library/collections/{id}/items/{ratingKey}}. */
    public Uni<MediaContainer> remove(Caller by, String from, SectionAccess.Scope scope, long id, long itemId) {
        owner(by);
        return find(scope, id).chain(c -> members(scope, List.of(itemId)).chain(members -> pool.withTransaction(
                conn -> conn.preparedQuery("DELETE FROM item_tag WHERE tag_id = $1 AND item_id = $2 AND item_id IN "
                                + "(SELECT id FROM item WHERE section_id = $3)")
                        .execute(Tuple.of(c.tagId(), itemId, c.sectionId())).chain(rows -> {
                            if (rows.rowCount() == 0) {
                                throw new NotFoundException("Item " + itemId + " is not in collection " + id);
                            }
                            return touch(conn, id);
                        })
                        .chain(() -> stage(conn, EventTypes.ITEM_UPDATED, id, c.sectionId(), c.title(), members))
                        .chain(() -> audit.record(conn, by, "collection.items.remove", "collection:" + id,
                                from)))))
                .chain(() -> get(scope, id));
    }

    /** {@code DELETE /library/collections/{id}}: the collection goes, its items stay. */
    public Uni<Void> delete(Caller by, String from, SectionAccess.Scope scope, long id) {
        owner(by);
        return find(scope, id).chain(c -> pool.withTransaction(conn -> conn.preparedQuery(
                        "DELETE FROM item_tag it USING item i WHERE it.tag_id = $1 AND i.id = it.item_id AND "
                                + "i.section_id = $2 RETURNING i.id, i.section_id, i.type, i.title, i.rating_age")
                .execute(Tuple.of(c.tagId(), c.sectionId()))
                .chain(rows -> conn.preparedQuery("DELETE FROM collection WHERE id = $1").execute(Tuple.of(id))
                        .chain(() -> stage(conn, EventTypes.ITEM_REMOVED, id, c.sectionId(), c.title(),
                                members(rows))))
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
            return pool.withTransaction(conn -> tag(conn, name).chain(tagId -> {
                Uni<Void> move = tagId == c.tagId() ? Uni.createFrom().voidItem()
                        : unused(conn, sectionId, tagId, name).chain(() -> conn.preparedQuery("INSERT INTO item_tag "
                                        + "(item_id, tag_id) SELECT it.item_id, $2 FROM item_tag it JOIN item i ON "
                                        + "i.id = it.item_id WHERE it.tag_id = $1 AND i.section_id = $3 ON CONFLICT "
                                        + "DO NOTHING").execute(Tuple.of(c.tagId(), tagId, sectionId)))
                                .chain(() -> conn.preparedQuery("DELETE FROM item_tag it USING item i WHERE "
                                        + "it.tag_id = $1 AND i.id = it.item_id AND i.section_id = $2")
                                        .execute(Tuple.of(c.tagId(), sectionId)))
                                .replaceWithVoid();
                return move.chain(() -> conn.preparedQuery("UPDATE collection SET tag_id = $2, title = $3, "
                                + "title_search = $4, updated_at = now() WHERE id = $1")
                        .execute(Tuple.of(id, tagId, name, ScanStore.search(name))))
                        .chain(() -> stage(conn, EventTypes.ITEM_UPDATED, id, sectionId, name, List.of()))
                        .chain(() -> audit.record(conn, by, "collection.update", "collection:" + id, from));
            }));
        });
    }

    /** Collections whose titles contain {@code query}, exact matches first, as one search hub (null when none). */
    public Uni<PlexElement> hub(SectionAccess.Scope scope, String query, int limit, Long sectionId) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<Object> params = new ArrayList<>();
        params.add(scope.idsOrNull());
        params.addAll(List.of(Like.containing(q), q, Like.prefix(q)));
        String where = " AND c.title_search LIKE $2";
        if (sectionId != null) {
            params.add(sectionId);
            where += " AND c.section_id = $" + params.size();
        }
        return pool.preparedQuery(select(scope) + where + " ORDER BY (c.title_search = $3) DESC, (c.title_search LIKE $4) "
                        + "DESC, c.title_search, c.id LIMIT " + (limit + 1))
                .execute(Tuple.from(params)).map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    List<PlexElement> found = new ArrayList<>();
                    rows.forEach(r -> found.add(element(stored(r))));
                    boolean more = found.size() > limit;
                    List<PlexElement> shown = more ? found.subList(0, limit) : found;
                    PlexElement hub = PlexElement.of("Hub").attr("title", "Collections").attr("type", "collection")
                            .attr("hubIdentifier", "collection").attr("context", "hub.search.collection")
                            .attr("size", shown.size()).attr("more", more).attr("style", "shelf");
                    hub.addAll(shown);
                    return hub;
                });
    }

    /** The collection when the caller may see its section; 404 otherwise. */
    public Uni<Stored> find(SectionAccess.Scope scope, long id) {
        return pool.preparedQuery(select(scope) + " AND c.id = $2").execute(Tuple.of(scope.idsOrNull(), id)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw new NotFoundException("No collection " + id);
            }
            return stored(rows.iterator().next());
        });
    }

    /** The items named, all visible to the caller; 404 for any that is not. */
    private Uni<List<Member>> members(SectionAccess.Scope scope, List<Long> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT id, section_id, type, title, rating_age FROM item WHERE id = ANY($1)")
                .execute(Tuple.of((Object) keys.toArray(Long[]::new))).map(rows -> {
                    Map<Long, Member> found = new HashMap<>();
                    members(rows).forEach(m -> found.put(m.id(), m));
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

    private static List<Member> members(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Member> out = new ArrayList<>();
        rows.forEach(r -> out.add(new Member(r.getLong("id"), r.getLong("section_id"), r.getInteger("type"),
                r.getString("title"), r.getInteger("rating_age"))));
        return out;
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

    private static Uni<Long> tag(SqlConnection conn, String name) {
        return conn.preparedQuery("INSERT INTO tag (tag_type, tag) VALUES ($1, $2) ON CONFLICT (tag_type, tag) DO "
                        + "UPDATE SET tag = excluded.tag RETURNING id").execute(Tuple.of(TAG_TYPE, name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Uni<Void> unused(SqlConnection conn, long sectionId, long tagId, String name) {
        return conn.preparedQuery("SELECT 1 FROM collection WHERE section_id = $1 AND tag_id = $2")
                .execute(Tuple.of(sectionId, tagId)).map(rows -> {
                    if (rows.rowCount() > 0) {
                        throw new ClientErrorException("Library section " + sectionId + " already has a collection "
                                + "named '" + name + "'", 409);
                    }
                    return null;
                });
    }

    private static Uni<Void> tagItems(SqlConnection conn, long tagId, List<Member> members) {
        if (members.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO item_tag (item_id, tag_id) SELECT x, $2 FROM unnest($1::bigint[]) x "
                        + "ON CONFLICT DO NOTHING")
                .execute(Tuple.of(members.stream().map(Member::id).toArray(Long[]::new), tagId)).replaceWithVoid();
    }

    private static Uni<Void> touch(SqlConnection conn, long id) {
        return conn.preparedQuery("UPDATE collection SET updated_at = now() WHERE id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** library.events: the collection itself, and item.updated for each item whose collections changed. */
    private Uni<Void> stage(SqlConnection conn, String type, long id, long sectionId, String title,
            List<Member> members) {
        Uni<Void> chain = outbox.stage(conn, Topics.LIBRARY, CinemeshEvent.of(type,
                ScanStore.SOURCE, Long.toString(id), new ItemEvent(Long.toString(id), sectionId, "collection", null,
                        title, null)));
        for (Member m : members) {
            chain = chain.chain(() -> outbox.stage(conn, Topics.LIBRARY, CinemeshEvent.of(
                    EventTypes.ITEM_UPDATED, ScanStore.SOURCE, Long.toString(m.id()), new ItemEvent(
                            Long.toString(m.id()), m.sectionId(), PlexTypes.name(m.type()), null, m.title(), null))));
        }
        return chain;
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

    private static String order(String sort) {
        if (sort == null || sort.isBlank()) {
            return " ORDER BY c.title_search, c.id";
        }
        String s = sort.trim();
        boolean desc = s.endsWith(":desc");
        String field = s.replaceFirst(":(asc|desc)$", "").replaceFirst("^collection\\.", "");
        String column = switch (field) {
            case "titleSort", "title" -> "c.title_search";
            case "addedAt" -> "c.added_at";
            case "updatedAt" -> "c.updated_at";
            default -> throw new BadRequestException("collections sort by titleSort, addedAt or updatedAt (got '"
                    + sort + "')");
        };
        return " ORDER BY " + column + (desc ? " DESC" : "") + ", c.id";
    }

    /** The {@code <Meta>} python-plexapi reads from {@code collections?includeMeta=1} to search collections. */
    private static PlexElement meta(long sectionId) {
        PlexElement type = PlexElement.of("Type").attr("key", "/library/sections/" + sectionId + "/all?type=" + TYPE)
                .attr("type", "collection").attr("title", "Collections").attr("active", false);
        for (String[] s : new String[][] {{"titleSort", "Title", "asc"}, {"addedAt", "Date Added", "desc"},
            {"updatedAt", "Date Updated", "desc"}}) {
            type.add(PlexElement.of("Sort").attr("defaultDirection", s[2]).attr("descKey", s[0] + ":desc")
                    .attr("key", s[0]).attr("title", s[1]));
        }
        type.add(PlexElement.of("Field").attr("key", "title").attr("title", "Title").attr("type", "string"));
        return PlexElement.of("Meta").add(type);
    }

    private static Stored stored(Row r) {
        return new Stored(r.getLong("id"), r.getLong("section_id"), r.getString("s_name"), r.getUUID("s_uuid"),
                r.getLong("tag_id"), r.getString("guid"), r.getString("title"), r.getInteger("subtype"),
                r.getOffsetDateTime("added_at"), r.getOffsetDateTime("updated_at"), r.getLong("child_count"),
                r.getString("thumb"));
    }

    /** A collection as PMS lists it: a {@code Directory type="collection"}, grouped under Metadata in JSON. */
    public static PlexElement element(Stored c) {
        String rk = Long.toString(c.id());
        return PlexElement.metadata("Directory").attr("ratingKey", rk)
                .attr("key", "/library/collections/" + rk + "/children").attr("guid", c.guid())
                .attr("type", "collection").attr("title", c.title()).attr("subtype", PlexTypes.name(c.subtype()))
                .attr("summary", "").attr("index", c.tagId()).attr("librarySectionID", c.sectionId())
                .attr("librarySectionKey", "/library/sections/" + c.sectionId())
                .attr("librarySectionTitle", c.sectionTitle()).attr("smart", false)
                .attr("childCount", c.childCount()).attr("thumb", c.thumb())
                .attr("addedAt", c.addedAt().toEpochSecond()).attr("updatedAt", c.updatedAt().toEpochSecond());
    }
}
