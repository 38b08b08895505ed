package io.cinemesh.library.metadata.mapping;

import io.cinemesh.library.metadata.service.MediaQuery;
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
     * {@link MediaQuery} and the year, so each choice's key is a value {@link MediaQuery} accepts back.
     */
    public static final List<String> FILTERS = java.util.stream.Stream.concat(MediaQuery.FIELDS.stream()
            .filter(f -> f.kind() == MediaQuery.Kind.TAG).map(MediaQuery.Field::key), java.util.stream.Stream.of("year"))
            .toList();

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
            for (String[] s : SORTS) {
                t.add(PlexElement.of("Sort").attr("defaultDirection", s[2]).attr("descKey", s[0] + ":desc")
                        .attr("key", s[0]).attr("title", s[1]));
            }
            for (String f : FILTERS) {
                t.add(PlexElement.of("Filter").attr("filter", f).attr("filterType", f.equals("year") ? "integer"
                                : "string").attr("key", "/library/sections/" + sectionId + "/" + f + "?type=" + type)
                        .attr("title", f.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + f.substring(1))
                        .attr("type", "filter"));
            }
            for (MediaQuery.Field f : MediaQuery.FIELDS) {
                String key = f.key().equals("unwatched") || f.key().equals("inProgress") ? scope + "." + f.key()
                        : f.key();
                t.add(field(key, f.title(), f.kind()));
            }
            Integer parent = MediaQuery.parentType(type);
            Integer grandparent = MediaQuery.grandparentType(type);
            for (Integer up : new Integer[] {parent, grandparent}) {
                if (up != null) {
                    String s = PlexTypes.scope(up);
                    String title = PlexTypes.title(up).replaceAll("s$", "");
                    t.add(field(s + ".title", title + " Title", MediaQuery.Kind.STRING));
                    t.add(field(s + ".id", title + " Rating Key", MediaQuery.Kind.INTEGER));
                    t.add(field(s + ".index", title + " Index", MediaQuery.Kind.INTEGER));
                    t.add(field(s + ".year", title + " Year", MediaQuery.Kind.INTEGER));
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

    private static PlexElement field(String key, String title, MediaQuery.Kind kind) {
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
