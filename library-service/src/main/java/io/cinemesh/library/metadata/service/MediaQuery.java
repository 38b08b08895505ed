package io.cinemesh.library.metadata.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.repository.ItemRepository;
import jakarta.ws.rs.BadRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Plex "Media Queries" language of {@code /library/sections/{id}/all} turned into SQL: {@code type}, field
 * filters with their operators ({@code =, !=, ==, !==, <=, >=, >>=, <<=}, comma = OR), {@code libtype.}-scoped
 * keys ({@code show.title}, {@code artist.id}, {@code movie.unwatched}), tag filters ({@code genre=ID}),
 * {@code sort=a,b:desc}, {@code limit}, and {@code push=1}/{@code pop=1}/{@code or=1}/{@code and=1} grouping
 * ({@link Grouping}). Parameters it does not know are ignored, as PMS does; a known field with a value of the wrong
 * kind, or a grouping that does not add up, is a 400.
 *
 * <p>Everything it emits is on indexed columns or joins of the page query ({@link ItemRepository#FROM}); values
 * always travel as bind parameters.
 */
public final class MediaQuery {

    /** Field kinds, as the {@code <Meta>} vocabulary names them. */
    public enum Kind { STRING, INTEGER, DATE, BOOLEAN, TAG }

    /** A field: its kind and the SQL expression for alias {@code %s} (i, p or g). */
    public record Field(String key, String title, Kind kind, String column) {
    }

    public static final List<Field> FIELDS = List.of(
            new Field("title", "Title", Kind.STRING, "%s.title_search"),
            new Field("titleSort", "Sort Title", Kind.STRING, "%s.title_sort"),
            new Field("originalTitle", "Original Title", Kind.STRING, "lower(%s.original_title)"),
            new Field("contentRating", "Content Rating", Kind.STRING, "lower(%s.content_rating)"),
            new Field("year", "Year", Kind.INTEGER, "%s.year"),
            new Field("index", "Index", Kind.INTEGER, "%s.idx"),
            new Field("id", "Rating Key", Kind.INTEGER, "%s.id"),
            new Field("duration", "Duration", Kind.INTEGER, "%s.duration_ms"),
            new Field("addedAt", "Date Added", Kind.DATE, "%s.added_at"),
            new Field("updatedAt", "Date Updated", Kind.DATE, "%s.updated_at"),
            new Field("originallyAvailableAt", "Release Date", Kind.DATE, "%s.originally_available_at"),
            new Field("viewCount", "Plays", Kind.INTEGER, "coalesce(w.view_count, 0)"),
            new Field("lastViewedAt", "Last Played", Kind.DATE, "w.last_viewed_at"),
            new Field("userRating", "User Rating", Kind.INTEGER, "w.user_rating"),
            new Field("unwatched", "Unplayed", Kind.BOOLEAN, null),
            new Field("inProgress", "In Progress", Kind.BOOLEAN, "coalesce(w.view_offset_ms, 0) > 0"),
            new Field("genre", "Genre", Kind.TAG, "1"),
            new Field("collection", "Collection", Kind.TAG, "2"),
            new Field("director", "Director", Kind.TAG, "4"),
            new Field("writer", "Writer", Kind.TAG, "5"),
            new Field("actor", "Actor", Kind.TAG, "6"),
            new Field("country", "Country", Kind.TAG, "8"),
            new Field("label", "Label", Kind.TAG, "11"),
            new Field("mood", "Mood", Kind.TAG, "300"),
            new Field("style", "Style", Kind.TAG, "301"));

    /** Sorts: key → SQL for alias %s. */
    public static final Map<String, String> SORTS = Map.ofEntries(
            Map.entry("titleSort", "%s.title_sort"), Map.entry("title", "%s.title_sort"),
            Map.entry("addedAt", "%s.added_at"), Map.entry("updatedAt", "%s.updated_at"),
            Map.entry("year", "%s.year"), Map.entry("originallyAvailableAt", "%s.originally_available_at"),
            Map.entry("duration", "%s.duration_ms"), Map.entry("index", "%s.idx"), Map.entry("id", "%s.id"),
            Map.entry("viewCount", "coalesce(w.view_count, 0)"), Map.entry("lastViewedAt", "w.last_viewed_at"),
            Map.entry("userRating", "w.user_rating"), Map.entry("rating", "w.user_rating"),
            Map.entry("random", "random()"));

    /** Query parameters that are never filters. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("type", "sort", "limit", "includeMeta",
            "includeAdvanced", "includeGuids", "includeCollections", "includeExternalMedia", "checkFiles",
            "excludeAllLeaves", "asyncAugmentMetadata", "group", "having", "query", "sectionId");

    private final int userId;
    private final List<Object> params = new ArrayList<>();
    private final List<String> where = new ArrayList<>();
    private final List<String> order = new ArrayList<>();
    private Integer limit;
    private int type;
    private int whereParams;

    private MediaQuery(long userId) {
        this.userId = (int) userId;
        params.add(userId);
    }

    /**
     * @param rawQuery the request's raw query string (operators live in the keys, so it is parsed here)
     * @param sectionId the section, or {@code null} for {@code /library/all}
     * @param defaultType the type when {@code type} is absent
     * @param visible what the caller may see (sections, content-rating limit)
     */
    public static MediaQuery parse(long userId, String rawQuery, Long sectionId, int defaultType,
            SectionAccess.Scope visible) {
        MediaQuery q = new MediaQuery(userId);
        List<String[]> pairs = pairs(rawQuery);
        q.type = defaultType;
        for (String[] kv : pairs) {
            if (kv[0].equals("type")) {
                q.type = parseType(kv[1]);
            } else if (kv[0].equals("limit")) {
                q.limit = integer("limit", kv[1]);
            }
        }
        q.where.add("i.type = " + q.bind(q.type));
        boolean explicitType = pairs.stream().anyMatch(kv -> kv[0].equals("type"));
        if (!explicitType && defaultType == PlexTypes.PHOTO_ALBUM && sectionId != null) {
            // A photo section opens on its top-level albums; nested albums are their children.
            q.where.add("i.parent_id IS NULL");
        }
        if (sectionId != null) {
            q.where.add("i.section_id = " + q.bind(sectionId));
        }
        String visibility = visible.sql("i", q.params);
        if (!visibility.isEmpty()) {
            q.where.add(visibility.substring(" AND ".length()));
        }
        String titleExact = null;
        Grouping groups = new Grouping();
        for (String[] kv : pairs) {
            String key = kv[0];
            if (key.equals("sort")) {
                q.sort(kv[1]);
                continue;
            }
            if (Grouping.KEYS.contains(key)) {
                groups.apply(key, kv[1]);
                continue;
            }
            String op = "=";
            String value = kv[1];
            String[] ops = {"!", ">>", "<<", ">", "<"};
            for (String o : ops) {
                if (key.endsWith(o)) {
                    op = o + "=";
                    key = key.substring(0, key.length() - o.length());
                    break;
                }
            }
            if (value.startsWith("=") && (op.equals("=") || op.equals("!="))) {
                op = op.equals("=") ? "==" : "!==";
                value = value.substring(1);
            }
            if (RESERVED.contains(key) || key.startsWith("X-Plex-")) {
                continue;
            }
            String alias = q.alias(key);
            if (alias == null) {
                continue;
            }
            String field = key.contains(".") ? key.substring(key.indexOf('.') + 1) : key;
            Field f = FIELDS.stream().filter(x -> x.key().equals(field)).findFirst().orElse(null);
            if (f == null) {
                continue;
            }
            if (f.key().equals("title") && alias.equals("i") && op.equals("=")) {
                titleExact = value.toLowerCase(Locale.ROOT);
            }
            groups.term(q.filter(alias, f, op, value));
        }
        groups.finish().ifPresent(q.where::add);
        q.whereParams = q.params.size();
        if (titleExact != null) {
            // python-plexapi's section.get(title) takes the first of title=X&limit=1: exact matches first.
            q.order.add(0, "(i.title_search = " + q.bind(titleExact) + ") DESC");
        }
        if (q.order.isEmpty() || (titleExact != null && q.order.size() == 1)) {
            q.order.add(q.type == PlexTypes.EPISODE || q.type == PlexTypes.TRACK
                    ? "g.title_sort, p.idx NULLS LAST, i.idx NULLS LAST" : "i.title_sort");
        }
        q.order.add("i.id");
        return q;
    }

    public int type() {
        return type;
    }

    public Integer limit() {
        return limit;
    }

    public List<Object> params() {
        return params;
    }

    /** The parameters of {@link #countSql()}: those of the filters, not of the ordering. */
    public List<Object> countParams() {
        return params.subList(0, whereParams);
    }

    public String countSql() {
        return "SELECT count(*)" + ItemRepository.FROM + "WHERE " + String.join(" AND ", where);
    }

    /** The page's ids; {@code size} null = all up to the cap. */
    public String pageSql(int offset, int size) {
        return "SELECT i.id" + ItemRepository.FROM + "WHERE " + String.join(" AND ", where) + " ORDER BY "
                + String.join(", ", order) + " LIMIT " + size + " OFFSET " + offset;
    }

    /** Which table alias a (possibly {@code libtype.}-scoped) key refers to for this query's type. */
    private String alias(String key) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            return "i";
        }
        Integer scope = PlexTypes.number(key.substring(0, dot));
        if (scope == null) {
            return null;
        }
        if (scope == type || (scope == PlexTypes.PHOTO && type == PlexTypes.PHOTO_ALBUM)) {
            return "i";
        }
        if (scope == parentType(type)) {
            return "p";
        }
        if (scope == grandparentType(type)) {
            return "g";
        }
        return null;
    }

    public static Integer parentType(int type) {
        return switch (type) {
            case PlexTypes.SEASON -> PlexTypes.SHOW;
            case PlexTypes.EPISODE -> PlexTypes.SEASON;
            case PlexTypes.ALBUM -> PlexTypes.ARTIST;
            case PlexTypes.TRACK -> PlexTypes.ALBUM;
            case PlexTypes.PHOTO -> PlexTypes.PHOTO_ALBUM;
            default -> null;
        };
    }

    public static Integer grandparentType(int type) {
        return switch (type) {
            case PlexTypes.EPISODE -> PlexTypes.SHOW;
            case PlexTypes.TRACK -> PlexTypes.ARTIST;
            default -> null;
        };
    }

    /** One filter as a parenthesised SQL condition (its comma-separated values already OR-ed). */
    private String filter(String alias, Field f, String op, String rawValue) {
        String[] values = rawValue.split(",");
        List<String> ors = new ArrayList<>();
        switch (f.kind()) {
            case STRING -> {
                for (String v : values) {
                    String lv = v.toLowerCase(Locale.ROOT);
                    String col = f.column().formatted(alias);
                    String like = lv.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                    // A rating is a label, not text: contentRating=PG means PG, not PG-13 or TV-PG.
                    String sop = f.key().equals("contentRating") && op.equals("=") ? "=="
                            : f.key().equals("contentRating") && op.equals("!=") ? "!==" : op;
                    ors.add(switch (sop) {
                        case "=" -> col + " LIKE " + bind("%" + like + "%");
                        case "!=" -> col + " NOT LIKE " + bind("%" + like + "%");
                        case "==" -> col + " = " + bind(lv);
                        case "!==" -> col + " <> " + bind(lv);
                        case "<=" -> col + " LIKE " + bind(like + "%");
                        case ">=" -> col + " LIKE " + bind("%" + like);
                        default -> throw new BadRequestException("operator " + op + " does not apply to " + f.key());
                    });
                }
            }
            case INTEGER -> {
                for (String v : values) {
                    String col = f.column().formatted(alias);
                    String b = bind((long) integer(f.key(), v));
                    ors.add(switch (op) {
                        case "=", "==" -> col + " = " + b;
                        case "!=", "!==" -> col + " IS DISTINCT FROM " + b;
                        case ">>=" -> col + " > " + b;
                        case "<<=" -> col + " < " + b;
                        case ">=" -> col + " >= " + b;
                        case "<=" -> col + " <= " + b;
                        default -> throw new BadRequestException("operator " + op + " does not apply to " + f.key());
                    });
                }
            }
            case DATE -> {
                for (String v : values) {
                    String col = f.column().formatted(alias);
                    boolean dateOnly = f.column().contains("originally_available_at");
                    OffsetDateTime t = date(f.key(), v);
                    String b = dateOnly ? bind(t.toLocalDate()) : bind(t);
                    ors.add(switch (op) {
                        case "=", "==" -> dateOnly ? col + " = " + b
                                : col + " >= " + b + " AND " + col + " < " + b + " + interval '1 day'";
                        case "!=", "!==" -> col + " IS DISTINCT FROM " + b;
                        case ">>=", ">=" -> col + " > " + b;
                        case "<<=", "<=" -> col + " < " + b;
                        default -> throw new BadRequestException("operator " + op + " does not apply to " + f.key());
                    });
                }
            }
            case BOOLEAN -> {
                boolean want = bool(f.key(), values[0]) ^ op.startsWith("!");
                String expr = f.key().equals("unwatched") ? unwatched(alias) : f.column();
                ors.add(want ? expr : "NOT (" + expr + ")");
            }
            case TAG -> {
                for (String v : values) {
                    String match;
                    try {
                        match = "t.id = " + bind(Long.parseLong(v.trim()));
                    } catch (NumberFormatException e) {
                        match = "lower(t.tag) = " + bind(v.trim().toLowerCase(Locale.ROOT));
                    }
                    String exists = "EXISTS (SELECT 1 FROM item_tag it JOIN tag t ON t.id = it.tag_id WHERE "
                            + "it.item_id = " + alias + ".id AND t.tag_type = " + f.column() + " AND " + match + ")";
                    ors.add(op.startsWith("!") ? "NOT " + exists : exists);
                }
            }
            default -> throw new IllegalStateException();
        }
        String joiner = op.startsWith("!") ? " AND " : " OR ";
        return "(" + String.join(joiner, ors) + ")";
    }

    private String unwatched(String alias) {
        if (alias.equals("i") && PlexTypes.LEAVES.contains(type)) {
            return "coalesce(w.view_count, 0) = 0";
        }
        return "EXISTS (SELECT 1 FROM item l LEFT JOIN watch_state lw ON lw.item_id = l.id AND lw.user_id = $1 "
                + "WHERE (l.parent_id = " + alias + ".id OR l.grandparent_id = " + alias + ".id) "
                + "AND l.type IN (1, 4, 10, 13) AND coalesce(lw.view_count, 0) = 0)";
    }

    private void sort(String spec) {
        for (String part : spec.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            String dir = "ASC";
            String nulls = "";
            String[] bits = s.split(":");
            String key = bits[0];
            for (int b = 1; b < bits.length; b++) {
                switch (bits[b]) {
                    case "desc" -> dir = "DESC";
                    case "asc" -> dir = "ASC";
                    case "nullsLast" -> nulls = " NULLS LAST";
                    default -> throw new BadRequestException("unknown sort modifier '" + bits[b] + "' in " + s);
                }
            }
            String alias = alias(key);
            String field = key.contains(".") ? key.substring(key.indexOf('.') + 1) : key;
            String expr = SORTS.get(field);
            if (alias == null || expr == null) {
                throw new BadRequestException("cannot sort by '" + key + "'");
            }
            if (!alias.equals("i") && expr.startsWith("coalesce(w") || !alias.equals("i") && expr.startsWith("w.")) {
                throw new BadRequestException("cannot sort by '" + key + "'");
            }
            order.add(expr.formatted(alias) + " " + dir + nulls);
        }
    }

    private String bind(Object value) {
        params.add(value);
        return "$" + params.size();
    }

    static int parseType(String v) {
        try {
            int t = Integer.parseInt(v.trim());
            if (PlexTypes.name(t) == null) {
                throw new BadRequestException("type " + v + " is not a library item type");
            }
            return t;
        } catch (NumberFormatException e) {
            Integer t = PlexTypes.number(v.trim());
            if (t == null) {
                throw new BadRequestException("type '" + v + "' is not a library item type");
            }
            return t;
        }
    }

    static int integer(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number, not '" + v + "'");
        }
    }

    static boolean bool(String name, String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new BadRequestException(name + " must be 1 or 0, not '" + v + "'");
        };
    }

    /** Epoch seconds, {@code YYYY-MM-DD}, or relative to now: {@code -30d}, {@code -2w}, {@code -3m}, {@code -1y}. */
    static OffsetDateTime date(String name, String v) {
        String s = v.trim();
        try {
            if (s.matches("-?\\d+[smhdwy]") || s.matches("-?\\d+mon")) {
                long n = Math.abs(Long.parseLong(s.replaceAll("[a-z]+$", "")));
                String unit = s.replaceAll("^-?\\d+", "");
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                return switch (unit) {
                    case "s" -> now.minusSeconds(n);
                    case "h" -> now.minusHours(n);
                    case "d" -> now.minusDays(n);
                    case "w" -> now.minusWeeks(n);
                    case "m", "mon" -> now.minusMonths(n);
                    default -> now.minusYears(n);
                };
            }
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return Instant.ofEpochSecond(Long.parseLong(s)).atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new BadRequestException(name + " must be a date (epoch seconds, YYYY-MM-DD or -30d), not '" + v
                    + "'");
        }
    }

    /** Query pairs in order, decoded; keys keep their operator characters. */
    static List<String[]> pairs(String raw) {
        List<String[]> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String p : raw.split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String k = eq < 0 ? p : p.substring(0, eq);
            String v = eq < 0 ? "" : p.substring(eq + 1);
            out.add(new String[] {decode(k), decode(v)});
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A stray '%' is the client's mistake, not the server's: say which part of the query is broken.
            throw new BadRequestException("the query string is not percent-encoded correctly near '" + s + "'");
        }
    }
}
