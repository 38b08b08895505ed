package io.cinemesh.library.tag.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.mapping.MetaVocabulary;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.metadata.service.QueryFields;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.sql.Like;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tags as clients browse them: the tag hubs of {@code /hubs/search} and the filter choice lists
 * ({@code /library/sections/{id}/genre} …) that {@code <Meta>} advertises and python-plexapi's
 * {@code listFilterChoices} fetches.
 */
@ApplicationScoped
public class TagService {

    /** The tag hubs of a search, in the order PMS shows them: tag type → hub type. */
    static final Map<Integer, String> HUBS = new LinkedHashMap<>();

    static {
        HUBS.put(1, "genre");
        HUBS.put(4, "director");
        HUBS.put(6, "actor");
    }

    /**
     * The filters whose choices are an item column rather than tags, as the Media Query reads them; a rating's
     * choices keep their case (the query compares it in lower case).
     */
    private static final Map<String, String> COLUMNS = Map.of(
            "year", QueryFields.field("year").column().formatted("i"),
            "decade", QueryFields.field("decade").column().formatted("i"),
            "contentRating", "i.content_rating");

    @Inject
    Pool pool;
    @Inject
    BrowseService browse;

    /**
     * One hub per tag type with matching tags, each entry a tag within one section: exact names first, then names
     * starting with the query, case-insensitive. Its key lists that section's items with the tag, of the topmost
     * type that carries it (albums rather than artists for a music genre, which the scanner puts on albums).
     */
    public Uni<List<PlexElement>> hubs(SectionAccess.Scope scope, String query, int limit, Long sectionId) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<Object> params = new ArrayList<>(List.of(HUBS.keySet().toArray(Integer[]::new), q, Like.prefix(q),
                Like.containing(q), limit + 1));
        String vis = "";
        if (sectionId != null) {
            params.add(sectionId);
            vis += " AND i.section_id = $" + params.size();
        }
        vis += scope.sql("i", params);
        String sql = "SELECT * FROM (SELECT t.id, t.tag, t.tag_type, i.section_id, s.name, s.type AS s_type, "
                + "s.uuid, count(DISTINCT i.id) AS n, min(i.type) AS item_type, row_number() OVER (PARTITION BY t.tag_type ORDER BY "
                + "(lower(t.tag) = $2) DESC, (lower(t.tag) LIKE $3) DESC, lower(t.tag), t.id, i.section_id) AS rn "
                + "FROM tag t JOIN item_tag it ON it.tag_id = t.id JOIN item i ON i.id = it.item_id JOIN section s "
                + "ON s.id = i.section_id WHERE t.tag_type = ANY($1) AND lower(t.tag) LIKE $4" + vis
                + " GROUP BY t.id, t.tag, t.tag_type, i.section_id, s.name, s.type, s.uuid) ranked WHERE rn <= $5 "
                + "ORDER BY tag_type, rn";
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            Map<Integer, List<Row>> byType = new LinkedHashMap<>();
            rows.forEach(r -> byType.computeIfAbsent(r.getInteger("tag_type"), k -> new ArrayList<>()).add(r));
            List<PlexElement> hubs = new ArrayList<>();
            HUBS.forEach((tagType, name) -> {
                List<Row> found = byType.get(tagType);
                if (found == null) {
                    return;
                }
                boolean more = found.size() > limit;
                List<Row> shown = more ? found.subList(0, limit) : found;
                PlexElement hub = PlexElement.of("Hub").attr("title", capitalized(name) + "s").attr("type", name)
                        .attr("hubIdentifier", name).attr("context", "hub.search." + name)
                        .attr("size", shown.size()).attr("more", more).attr("style", "shelf");
                for (Row r : shown) {
                    long id = r.getLong("id");
                    long sid = r.getLong("section_id");
                    String filter = name + "=" + id;
                    hub.add(PlexElement.of("Directory").attr("id", id).attr("tag", r.getString("tag"))
                            .attr("tagType", tagType).attr("filter", filter)
                            .attr("key", "/library/sections/" + sid + "/all?type=" + r.getInteger("item_type")
                                    + "&" + filter)
                            .attr("librarySectionID", sid).attr("librarySectionKey", "/library/sections/" + sid)
                            .attr("librarySectionTitle", r.getString("name"))
                            .attr("librarySectionType", PlexTypes.primary(r.getString("s_type")))
                            .attr("reason", "section").attr("reasonID", sid)
                            .attr("reasonTitle", r.getString("name")).attr("count", r.getLong("n")));
                }
                hubs.add(hub);
            });
            return hubs;
        });
    }

    /**
     * {@code /library/sections/{id}/{field}}: the values a filter can take in this section for one type (the
     * section's primary type unless {@code type=} says otherwise), each with the key to send back and the
     * section query it selects. Only the filters {@code <Meta>} advertises exist; anything else is a 404.
     */
    public Uni<MediaContainer> choices(SectionAccess.Scope scope, long sectionId, String field, String type) {
        if (!MetaVocabulary.FILTERS.contains(field)) {
            throw new NotFoundException("No filter '" + field + "' in library section " + sectionId + "; the filters "
                    + "are " + String.join(", ", MetaVocabulary.FILTERS));
        }
        return browse.section(sectionId, scope).chain(s -> {
            int t = type(type, s.type());
            String all = "/library/sections/" + sectionId + "/all?type=" + t + "&" + field + "=";
            Uni<List<String[]>> values;
            String column = COLUMNS.get(field);
            if (column != null) {
                String order = field.equals("contentRating") ? "" : " DESC";
                values = pool.preparedQuery("SELECT DISTINCT " + column + " AS v FROM item i WHERE section_id = $1 AND "
                                + "type = $2 AND " + column + " IS NOT NULL" + SectionAccess.Scope.ratingSql("i", 3)
                                + " ORDER BY v" + order)
                        .execute(Tuple.of(sectionId, t, scope.maxAge()))
                        .map(rows -> {
                            List<String[]> out = new ArrayList<>();
                            rows.forEach(r -> {
                                String v = r.getValue(0).toString();
                                out.add(new String[] {v, field.equals("decade") ? v + "s" : v});
                            });
                            return out;
                        });
            } else {
                int tagType = Integer.parseInt(QueryFields.field(field).column());
                values = pool.preparedQuery("SELECT DISTINCT t.id, t.tag, lower(t.tag) FROM tag t JOIN item_tag it ON "
                                + "it.tag_id = t.id JOIN item i ON i.id = it.item_id WHERE i.section_id = $1 AND "
                                + "i.type = $2 AND t.tag_type = $3" + SectionAccess.Scope.ratingSql("i", 4)
                                + " ORDER BY lower(t.tag), t.id")
                        .execute(Tuple.of(sectionId, t, tagType, scope.maxAge())).map(rows -> {
                            List<String[]> out = new ArrayList<>();
                            rows.forEach(r -> out.add(new String[] {r.getLong(0).toString(), r.getString(1)}));
                            return out;
                        });
            }
            return values.map(list -> {
                MediaContainer mc = ItemMapper.container().attr("librarySectionID", s.id())
                        .attr("librarySectionTitle", s.name()).attr("librarySectionUUID", s.uuid().toString())
                        .attr("title1", s.name()).attr("title2", capitalized(field)).attr("viewGroup", "secondary")
                        .attr("size", list.size());
                for (String[] v : list) {
                    mc.add(PlexElement.of("Directory")
                            .attr("fastKey", all + URLEncoder.encode(v[0], StandardCharsets.UTF_8)).attr("key", v[0])
                            .attr("title", v[1]).attr("type", field));
                }
                return mc;
            });
        });
    }

    /**
     * {@code /library/sections/{id}/firstCharacter}: the letters the section's titles (by sort title) begin with,
     * each with how many items it holds; '#' gathers titles that begin with anything but a letter. Each key is a
     * {@code firstCharacter=} value that the section's {@code /all} accepts back.
     */
    public Uni<MediaContainer> firstCharacters(SectionAccess.Scope scope, long sectionId, String type) {
        return browse.section(sectionId, scope).chain(s -> {
            int t = type(type, s.type());
            return pool.preparedQuery("SELECT CASE WHEN left(title_sort, 1) ~ '^[[:alpha:]]' THEN "
                            + "upper(left(title_sort, 1)) ELSE '#' END AS c, count(*) AS n FROM item i WHERE "
                            + "section_id = $1 AND type = $2" + SectionAccess.Scope.ratingSql("i", 3)
                            + " GROUP BY c ORDER BY c")
                    .execute(Tuple.of(sectionId, t, scope.maxAge())).map(rows -> {
                        MediaContainer mc = ItemMapper.container().attr("librarySectionID", s.id())
                                .attr("librarySectionTitle", s.name()).attr("title1", s.name())
                                .attr("title2", "First Character").attr("viewGroup", "secondary")
                                .attr("size", rows.size());
                        rows.forEach(r -> mc.add(PlexElement.of("Directory").attr("size", r.getLong("n"))
                                .attr("key", r.getString("c")).attr("title", r.getString("c"))));
                        return mc;
                    });
        });
    }

    public static int type(String type, String sectionType) {
        if (type == null || type.isBlank()) {
            return PlexTypes.primary(sectionType);
        }
        for (int t : PlexTypes.typesOf(sectionType)) {
            if (type.trim().equals(Integer.toString(t)) || type.trim().equalsIgnoreCase(PlexTypes.scope(t))) {
                return t;
            }
        }
        throw new BadRequestException("type " + type + " is not a type of this library section");
    }

    private static String capitalized(String field) {
        return field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1);
    }
}
