package io.cinemesh.library.metadata.mapping;

import io.cinemesh.library.metadata.service.MediaQuery;
import io.cinemesh.library.metadata.service.QueryFields;
import io.cinemesh.plex.wire.PlexElement;
import java.util.List;

/**
 * The {@code <Meta>} block of {@code includeMeta=1}: the types, sorts, fields and operators this server
 * understands. python-plexapi and @ctrl/plex read it before searching and send its keys back verbatim, so every
 * key declared here is one {@link MediaQuery} accepts.
 */
public final class MetaVocabulary {

    private static final List<String[]> SORTS = List.of(
            new String[] {"titleSort", "Title", "asc"}, new String[] {"addedAt", "Date Added", "desc"},
            new String[] {"year", "Year", "desc"}, new String[] {"originallyAvailableAt", "Release Date", "desc"},
            new String[] {"updatedAt", "Date Updated", "desc"}, new String[] {"duration", "Duration", "desc"},
            new String[] {"viewCount", "Plays", "desc"}, new String[] {"lastViewedAt", "Last Played", "desc"},
            new String[] {"userRating", "User Rating", "desc"}, new String[] {"index", "Index", "asc"},
            new String[] {"random", "Random", "asc"});

    /**
     * The filters with a choice list ({@code /library/sections/{id}/{filter}}): every tag field of
     * {@link MediaQuery}, the year, decade and content rating, so each choice's key is a value {@link MediaQuery}
     * accepts back.
     */
    public static final List<String> FILTERS = java.util.stream.Stream.concat(QueryFields.FIELDS.stream()
            .filter(f -> f.kind() == QueryFields.Kind.TAG).map(QueryFields.Field::key),
            java.util.stream.Stream.of("year", "decade", "contentRating")).toList();

    /** The fields a search may ask of the levels above and below the listed one, as PMS advertises them. */
    private static final java.util.Set<String> CROSS_TYPE = java.util.Set.of("title", "id", "index", "year",
            "userRating", "viewCount", "addedAt", "lastViewedAt", "unwatched", "genre");

    private MetaVocabulary() {
    }

    public static PlexElement build(long sectionId, String sectionType) {
        PlexElement meta = PlexElement.of("Meta");
        boolean first = true;
        for (int type : PlexTypes.typesOf(sectionType)) {
            String scope = PlexTypes.scope(type);
            PlexElement t = PlexElement.of("Type").attr("key", "/library/sections/" + sectionId + "/all?type=" + type)
                    .attr("type", scope).attr("title", PlexTypes.title(type)).attr("active", first);
            first = false;
            sorts("Sort").forEach(t::add);
            filters("Filter", sectionId, type).forEach(t::add);
            for (QueryFields.Field f : QueryFields.FIELDS) {
                String key = f.key().equals("unwatched") || f.key().equals("inProgress") ? scope + "." + f.key()
                        : f.key();
                t.add(field(key, f.title(), f.kind()));
            }
            for (int other : PlexTypes.typesOf(sectionType)) {
                if (other == type) {
                    continue;
                }
                // Every level above or below this one: an album's artist.id, an artist's album.year or track.title.
                String s = PlexTypes.scope(other);
                String title = PlexTypes.title(other).replaceAll("s$", "");
                for (QueryFields.Field f : QueryFields.FIELDS) {
                    if (CROSS_TYPE.contains(f.key())) {
                        t.add(field(s + "." + f.key(), title + " " + f.title(), f.kind()));
                    }
                }
            }
            meta.add(t);
        }
        meta.add(fieldType("string", new String[][] {{"=", "contains"}, {"!=", "does not contain"}, {"==", "is"},
            {"!==", "is not"}, {"<=", "begins with"}, {">=", "ends with"}}));
        meta.add(fieldType("integer", new String[][] {{"=", "is"}, {"!=", "is not"}, {">>=", "is greater than"},
            {"<<=", "is less than"}}));
        meta.add(fieldType("boolean", new String[][] {{"=", "is true"}, {"!=", "is false"}}));
        meta.add(fieldType("date", new String[][] {{"=", "is"}, {"!=", "is not"}, {">>=", "is after"},
            {"<<=", "is before"}}));
        meta.add(fieldType("tag", new String[][] {{"=", "is"}, {"!=", "is not"}}));
        return meta;
    }

    /** The sorts of a type: {@code <Sort>} in {@code <Meta>}, {@code <Directory>} in {@code /sorts}. */
    public static List<PlexElement> sorts(String tag) {
        return SORTS.stream().map(s -> PlexElement.of(tag).attr("defaultDirection", s[2])
                .attr("descKey", s[0] + ":desc").attr("key", s[0]).attr("title", s[1])).toList();
    }

    /** The filters of a type: {@code <Filter>} in {@code <Meta>}, {@code <Directory>} in {@code /filters}. */
    public static List<PlexElement> filters(String tag, long sectionId, int type) {
        return FILTERS.stream().map(f -> PlexElement.of(tag).attr("filter", f)
                .attr("filterType", f.equals("year") || f.equals("decade") ? "integer" : "string")
                .attr("key", "/library/sections/" + sectionId + "/" + f + "?type=" + type)
                .attr("title", QueryFields.field(f).title())
                .attr("type", "filter")).toList();
    }

    private static PlexElement field(String key, String title, QueryFields.Kind kind) {
        return PlexElement.of("Field").attr("key", key).attr("title", title)
                .attr("type", kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static PlexElement fieldType(String type, String[][] ops) {
        PlexElement ft = PlexElement.of("FieldType").attr("type", type);
        for (String[] o : ops) {
            ft.add(PlexElement.of("Operator").attr("key", o[0]).attr("title", o[1]));
        }
        return ft;
    }
}
