package io.cinemesh.library.metadata.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.mapping.MetaVocabulary;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.repository.ItemRow;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.sql.Like;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The read side of the library API: lists, items, children, hubs and search, for one caller. */
@ApplicationScoped
public class BrowseService {

    /** No request may ask for an unbounded page. */
    public static final int MAX_PAGE = 5000;

    @Inject
    ItemRepository items;
    @Inject
    Pool pool;
    @Inject
    MediaRoot mediaRoot;

    public record SectionInfo(long id, String name, String type, UUID uuid) {
    }

    /** The section, when it exists and the caller may see it; 404 otherwise (no hint that it exists). */
    public Uni<SectionInfo> section(long id, SectionAccess.Scope scope) {
        return pool.preparedQuery("SELECT id, name, type, uuid FROM section WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0 || !scope.allows(id)) {
                        throw new NotFoundException("No library section " + id);
                    }
                    Row r = rows.iterator().next();
                    return new SectionInfo(r.getLong("id"), r.getString("name"), r.getString("type"),
                            r.getUUID("uuid"));
                });
    }

    public Uni<MediaContainer> sectionAll(long userId, SectionAccess.Scope scope, long sectionId, String rawQuery,
            Paging paging, boolean includeMeta, boolean includeGuids) {
        return section(sectionId, scope).chain(s -> {
            MediaQuery q = MediaQuery.parse(userId, rawQuery, sectionId, PlexTypes.primary(s.type()),
                    scope.ratingOnly());
            return page(userId, q, paging, includeGuids).map(mc -> {
                mc.attr("librarySectionID", s.id()).attr("librarySectionTitle", s.name())
                        .attr("librarySectionUUID", s.uuid().toString()).attr("title1", s.name())
                        .attr("title2", "All " + PlexTypes.title(q.type()))
                        .attr("viewGroup", PlexTypes.name(q.type()))
                        .attr("art", "/:/resources/" + s.type() + "-fanart.jpg")
                        .attr("thumb", "/:/resources/" + s.type() + ".png");
                if (includeMeta) {
                    mc.add(MetaVocabulary.build(s.id(), s.type()));
                }
                return mc;
            });
        });
    }

    public Uni<MediaContainer> libraryAll(long userId, SectionAccess.Scope scope, String rawQuery, Paging paging,
            boolean includeGuids) {
        MediaQuery q = MediaQuery.parse(userId, rawQuery, null, PlexTypes.MOVIE, scope);
        return page(userId, q, paging, includeGuids).map(mc -> mc.attr("title1", "All")
                .attr("viewGroup", PlexTypes.name(q.type())));
    }

    /**
     * One page of a Media Query. The count for {@code totalSize} and the page's ids are independent queries, so they
     * run side by side on two connections: the page costs the slower of the two, not their sum.
     */
    private Uni<MediaContainer> page(long userId, MediaQuery q, Paging paging, boolean includeGuids) {
        int size = paging.limit(MAX_PAGE);
        if (q.limit() != null) {
            size = Math.max(0, Math.min(size, q.limit() - paging.start()));
        }
        Uni<List<Long>> pageIds = size == 0 ? Uni.createFrom().item(List.of())
                : items.ids(q.pageSql(paging.start(), size), q.params());
        return Uni.combine().all().unis(items.count(q.countSql(), q.countParams()), pageIds).asTuple()
                .chain(both -> {
                    long count = both.getItem1();
                    long total = q.limit() == null ? count : Math.min(count, q.limit());
                    MediaContainer mc = ItemMapper.container();
                    paging.describe(mc, total);
                    if (both.getItem2().isEmpty()) {
                        mc.attr("size", 0);
                        return Uni.createFrom().item(mc);
                    }
                    return items.load(userId, both.getItem2(), false).map(rows -> {
                        rows.forEach(r -> mc.add(ItemMapper.render(r, options(includeGuids, false))));
                        return mc;
                    });
                });
    }

    /** {@code /library/metadata/{ids}}: 404 when none of them exists for the caller. */
    public Uni<MediaContainer> metadata(long userId, SectionAccess.Scope scope, List<Long> ids, boolean includeGuids) {
        return items.load(userId, ids, true).map(rows -> {
            List<ItemRow> visible = rows.stream().filter(r -> scope.allows(r.sectionId, r.ratingAge)).toList();
            if (visible.isEmpty()) {
                throw new NotFoundException("No item with ratingKey " + ids.stream().map(String::valueOf)
                        .reduce((a, b) -> a + "," + b).orElse(""));
            }
            MediaContainer mc = ItemMapper.container();
            ItemRow first = visible.get(0);
            mc.attr("librarySectionID", first.sectionId).attr("librarySectionTitle", first.sectionTitle)
                    .attr("librarySectionUUID", first.sectionUuid.toString());
            visible.forEach(r -> mc.add(ItemMapper.render(r, options(includeGuids, true))));
            return mc;
        });
    }

    /** One visible item, or 404. */
    public Uni<ItemRow> item(long userId, SectionAccess.Scope scope, long id) {
        return items.load(userId, List.of(id), false).map(rows -> {
            if (rows.isEmpty() || !scope.allows(rows.get(0).sectionId, rows.get(0).ratingAge)) {
                throw new NotFoundException("No item with ratingKey " + id);
            }
            return rows.get(0);
        });
    }

    public Uni<MediaContainer> children(long userId, SectionAccess.Scope scope, long id, Integer index,
            Paging paging, boolean includeGuids) {
        return item(userId, scope, id).chain(parent -> {
            List<Object> params = new ArrayList<>(List.of(userId, id));
            String where = "WHERE i.parent_id = $2";
            if (index != null) {
                params.add(index);
                where += " AND i.idx = $3";
            }
            where += scope.ratingSql("i", params);
            String order = " ORDER BY i.idx NULLS LAST, i.title_sort, i.id";
            return listed(userId, "SELECT count(*)" + ItemRepository.FROM + where,
                    "SELECT i.id" + ItemRepository.FROM + where + order, params, paging, includeGuids)
                    .map(mc -> hoist(mc, parent));
        });
    }

    public Uni<MediaContainer> allLeaves(long userId, SectionAccess.Scope scope, long id, Paging paging,
            boolean includeGuids) {
        return item(userId, scope, id).chain(parent -> {
            List<Object> params = new ArrayList<>(List.of(userId, id));
            String where = "WHERE (i.parent_id = $2 OR i.grandparent_id = $2) AND i.type IN (1, 4, 10, 13)"
                    + scope.ratingSql("i", params);
            String order = " ORDER BY p.idx NULLS LAST, i.parent_idx NULLS LAST, i.idx NULLS LAST, i.title_sort, i.id";
            return listed(userId, "SELECT count(*)" + ItemRepository.FROM + where,
                    "SELECT i.id" + ItemRepository.FROM + where + order, params, paging, includeGuids)
                    .map(mc -> hoist(mc, parent));
        });
    }

    private static MediaContainer hoist(MediaContainer mc, ItemRow parent) {
        return mc.attr("key", Long.toString(parent.id)).attr("parentRatingKey", Long.toString(parent.id))
                .attr("parentTitle", parent.title).attr("parentIndex", parent.index)
                .attr("parentYear", parent.year).attr("title1", parent.sectionTitle).attr("title2", parent.title)
                .attr("librarySectionID", parent.sectionId).attr("librarySectionTitle", parent.sectionTitle)
                .attr("librarySectionUUID", parent.sectionUuid.toString())
                .attr("viewGroup", childType(parent.type));
    }

    private static String childType(int type) {
        return switch (type) {
            case PlexTypes.SHOW -> "season";
            case PlexTypes.SEASON -> "episode";
            case PlexTypes.ARTIST -> "album";
            case PlexTypes.ALBUM -> "track";
            default -> "photo";
        };
    }

    public Uni<MediaContainer> recentlyAdded(long userId, SectionAccess.Scope scope, Long sectionId, Paging paging) {
        List<Object> params = new ArrayList<>(List.of(userId));
        String where = "WHERE i.type IN (1, 4, 9, 13)" + visibility(scope, sectionId, params);
        return listed(userId, "SELECT count(*)" + ItemRepository.FROM + where,
                "SELECT i.id" + ItemRepository.FROM + where + " ORDER BY i.added_at DESC, i.id DESC", params,
                new Paging(paging.start(), paging.size() == null ? 50 : paging.size()), false)
                .map(mc -> mc.attr("title1", "Recently Added"));
    }

    /** In-progress movies and episodes, plus the next unwatched episode of each show being watched. */
    public Uni<MediaContainer> onDeck(long userId, SectionAccess.Scope scope, Long sectionId, Paging paging) {
        List<Object> params = new ArrayList<>(List.of(userId));
        String vis = visibility(scope, sectionId, params);
        String nextVisible = scope.ratingSql("e", params);
        String sql = "SELECT id FROM (SELECT i.id, w.updated_at AS at FROM watch_state w JOIN item i ON i.id = w.item_id "
                + "WHERE w.user_id = $1 AND w.view_offset_ms > 0 AND i.type IN (1, 4)" + vis
                + " UNION ALL SELECT nx.id, nx.at FROM (SELECT DISTINCT ON (e.grandparent_id) e.id, lw.at FROM "
                + "(SELECT DISTINCT ON (i.grandparent_id) i.grandparent_id AS show_id, i.parent_idx AS s, i.idx AS e, "
                + "w.last_viewed_at AS at FROM watch_state w JOIN item i ON i.id = w.item_id WHERE w.user_id = $1 "
                + "AND w.view_count > 0 AND i.type = 4" + vis + " ORDER BY i.grandparent_id, w.last_viewed_at DESC) lw "
                + "JOIN item e ON e.grandparent_id = lw.show_id AND e.type = 4 AND (coalesce(e.parent_idx, 0), "
                + "coalesce(e.idx, 0)) > (coalesce(lw.s, 0), coalesce(lw.e, 0)) LEFT JOIN watch_state we ON "
                + "we.item_id = e.id AND we.user_id = $1 WHERE coalesce(we.view_count, 0) = 0 AND "
                + "coalesce(we.view_offset_ms, 0) = 0" + nextVisible
                + " ORDER BY e.grandparent_id, e.parent_idx, e.idx) nx) deck "
                + "ORDER BY at DESC NULLS LAST, id";
        return listed(userId, "SELECT count(*) FROM (" + sql + ") c", sql, params, paging, false)
                .map(mc -> mc.attr("title1", "On Deck"));
    }

    public Uni<MediaContainer> continueWatching(long userId, SectionAccess.Scope scope, Long sectionId,
            Paging paging) {
        List<Object> params = new ArrayList<>(List.of(userId));
        String where = "WHERE w.view_offset_ms > 0 AND i.type IN (1, 4, 10)" + visibility(scope, sectionId, params);
        return listed(userId, "SELECT count(*)" + ItemRepository.FROM + where,
                "SELECT i.id" + ItemRepository.FROM + where + " ORDER BY w.updated_at DESC, i.id", params, paging,
                false)
                .map(mc -> mc.attr("hubIdentifier", "home.continue").attr("title", "Continue Watching")
                        .attr("hubKey", "/hubs/continueWatching/items"));
    }

    /**
     * {@code /hubs/search}: one hub per type with matches, each with its best {@code limit} items: exact title
     * first, then titles that start with the query, then the rest; case-insensitive, accents kept.
     */
    public Uni<MediaContainer> search(long userId, SectionAccess.Scope scope, String query, int limit,
            Long sectionId) {
        MediaContainer mc = new MediaContainer();
        if (query == null || query.isBlank()) {
            return Uni.createFrom().item(mc);
        }
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<Object> params = new ArrayList<>(List.of(userId, Like.containing(q), q, Like.prefix(q), limit + 1));
        String vis = visibility(scope, sectionId, params);
        String sql = "SELECT id, type FROM (SELECT i.id, i.type, row_number() OVER (PARTITION BY i.type ORDER BY "
                + "(i.title_search = $3) DESC, (i.title_search LIKE $4) DESC, i.title_sort, i.id) AS rn FROM item i "
                + "WHERE i.title_search LIKE $2 AND $1::bigint IS NOT NULL" + vis + ") ranked WHERE rn <= $5 "
                + "ORDER BY type, rn";
        return items.idsAndTypes(sql, params).chain(rows -> {
            Map<Integer, List<Long>> byType = new LinkedHashMap<>();
            List<Long> all = new ArrayList<>();
            for (long[] r : rows) {
                byType.computeIfAbsent((int) r[1], k -> new ArrayList<>()).add(r[0]);
                all.add(r[0]);
            }
            return items.load(userId, all, false).map(loaded -> {
                Map<Long, ItemRow> byId = new LinkedHashMap<>();
                loaded.forEach(r -> byId.put(r.id, r));
                for (int type : new int[] {PlexTypes.MOVIE, PlexTypes.SHOW, PlexTypes.SEASON, PlexTypes.EPISODE,
                    PlexTypes.ARTIST, PlexTypes.ALBUM, PlexTypes.TRACK, PlexTypes.PHOTO_ALBUM, PlexTypes.PHOTO}) {
                    List<Long> ids = byType.get(type);
                    if (ids == null) {
                        continue;
                    }
                    boolean more = ids.size() > limit;
                    List<Long> shown = more ? ids.subList(0, limit) : ids;
                    String name = PlexTypes.scope(type);
                    PlexElement hub = PlexElement.of("Hub").attr("title", PlexTypes.title(type))
                            .attr("type", PlexTypes.name(type)).attr("hubIdentifier", name)
                            .attr("context", "hub.search." + name).attr("size", shown.size()).attr("more", more)
                            .attr("style", "shelf");
                    for (Long id : shown) {
                        ItemRow r = byId.get(id);
                        if (r != null) {
                            hub.add(ItemMapper.render(r, options(false, false)));
                        }
                    }
                    mc.add(hub);
                }
                return mc;
            });
        });
    }

    Uni<MediaContainer> listed(long userId, String countSql, String pageSql, List<Object> params,
            Paging paging, boolean includeGuids) {
        return items.count(countSql, params).chain(total -> {
            MediaContainer mc = ItemMapper.container();
            paging.describe(mc, total);
            int size = (int) Math.max(0, Math.min(paging.limit(MAX_PAGE), total - paging.start()));
            if (size == 0) {
                mc.attr("size", 0);
                return Uni.createFrom().item(mc);
            }
            return items.ids(pageSql + " LIMIT " + size + " OFFSET " + paging.start(), params)
                    .chain(ids -> items.load(userId, ids, false))
                    .map(rows -> {
                        rows.forEach(r -> mc.add(ItemMapper.render(r, options(includeGuids, false))));
                        return mc;
                    });
        });
    }

    private static String visibility(SectionAccess.Scope scope, Long sectionId, List<Object> params) {
        String sql = "";
        if (sectionId != null) {
            params.add(sectionId);
            sql += " AND i.section_id = $" + params.size();
        }
        return sql + scope.sql("i", params);
    }

    /** Items as list entries (no streams), in the order of {@code ids}. */
    public Uni<List<PlexElement>> render(long userId, List<Long> ids) {
        return items.load(userId, ids, false)
                .map(rows -> rows.stream().map(r -> ItemMapper.render(r, options(false, false))).toList());
    }

    private ItemMapper.Options options(boolean guids, boolean streams) {
        return new ItemMapper.Options(guids, streams, mediaRoot.rootOrNull());
    }
}
