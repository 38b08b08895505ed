package io.cinemesh.library.metadata.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.service.QueryFields.Field;
import jakarta.ws.rs.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Plex "Media Queries" language of {@code /library/sections/{id}/all} turned into SQL: {@code type}, field
 * filters with their operators ({@code =, !=, ==, !==, <=, >=, >>=, <<=}, comma = OR), {@code libtype.}-scoped
 * keys of the levels above and below ({@code show.title}, {@code artist.id}, {@code album.year} for artists),
 * tag filters ({@code genre=ID}), {@code sort=a,b:desc}, {@code limit}, and {@code push=1}/{@code pop=1}/
 * {@code or=1}/{@code and=1} grouping ({@link Grouping}); what clients send besides PMS's form is read by
 * {@link QueryTerms}, the vocabulary is {@link QueryFields}. Parameters that are not filters are ignored, as PMS
 * does; a filter it cannot apply, a value of the wrong kind or a grouping that does not add up is a 400.
 *
 * <p>Everything it emits is on indexed columns, joins of the page query ({@link ItemRepository#FROM}) or keyed
 * sub-queries of an item's relatives; values always travel as bind parameters. Over 300 lines because the parse,
 * the scopes and the SQL of each field kind read best side by side.
 */
public final class MediaQuery {

    /** How a {@code libtype.}-scoped field's level relates to the listed one. */
    private enum Relation { SELF, PARENT, GRANDPARENT, CHILD, GRANDCHILD }

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
        List<String[]> pairs = QueryTerms.of(rawQuery);
        q.type = defaultType;
        for (String[] kv : pairs) {
            if (kv[0].equals("type")) {
                q.type = QueryFields.parseType(kv[1]);
            } else if (kv[0].equals("limit")) {
                q.limit = QueryFields.integer("limit", kv[1]);
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
            if (QueryFields.RESERVED.contains(key) || key.startsWith("X-Plex-")) {
                continue;
            }
            int dot = key.indexOf('.');
            String field = key.substring(dot + 1);
            Field f = QueryFields.field(field);
            if (f == null) {
                if (dot < 0 && !kv[0].equals(key) || dot >= 0 || QueryFields.UNSUPPORTED.contains(key)) {
                    // A filter this server cannot apply must not answer as if it had: an empty or unfiltered
                    // list would look like a real result.
                    throw new BadRequestException("'" + key + "' is not a field this server can filter on; the "
                            + "fields are " + String.join(", ", QueryFields.FIELDS.stream().map(Field::key).toList()));
                }
                continue;
            }
            int scopeType = dot < 0 ? q.type : q.scopeType(key.substring(0, dot), key);
            Relation relation = q.relation(scopeType);
            if (relation == null) {
                throw new BadRequestException("'" + key + "' does not apply to " + PlexTypes.title(q.type)
                        .toLowerCase(Locale.ROOT) + ": " + PlexTypes.title(scopeType).toLowerCase(Locale.ROOT)
                        + " are neither above nor below them");
            }
            if (relation == Relation.SELF) {
                scopeType = q.type;
            }
            if (f.key().equals("title") && relation == Relation.SELF && op.equals("=")) {
                titleExact = value.toLowerCase(Locale.ROOT);
            }
            groups.term(q.scoped(relation, scopeType, f, op, value));
        }
        groups.finish().ifPresent(q.where::add);
        q.whereParams = q.params.size();
        if (titleExact != null) {
            // python-plexapi's section.get(title) takes the first of title=X&limit=1: exact matches first.
            q.order.add(0, "(i.title_search = " + q.bind(titleExact) + ") DESC");
        }
        if (q.order.isEmpty() || (titleExact != null && q.order.size() == 1)) {
            // Levels under another list in their parent's order: seasons by show and number (Specials, season 0,
            // first), episodes and tracks by show/artist, season/album and number.
            q.order.add(q.type == PlexTypes.EPISODE || q.type == PlexTypes.TRACK
                    ? "g.title_sort, p.idx NULLS LAST, i.idx NULLS LAST"
                    : q.type == PlexTypes.SEASON ? "p.title_sort, i.idx NULLS LAST" : "i.title_sort");
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

    /**
     * How a scoped field's level relates to the listed one, or null when it is neither above nor below it. For a
     * photo album, {@code photo.} is its photos (as {@code <Meta>} advertises it), not the album, whose scope is
     * {@code photoalbum.}.
     */
    private Relation relation(int scope) {
        if (scope == type) {
            return Relation.SELF;
        }
        if (Integer.valueOf(scope).equals(parentType(type))) {
            return Relation.PARENT;
        }
        if (Integer.valueOf(scope).equals(grandparentType(type))) {
            return Relation.GRANDPARENT;
        }
        if (Integer.valueOf(type).equals(parentType(scope))) {
            return Relation.CHILD;
        }
        if (Integer.valueOf(type).equals(grandparentType(scope))) {
            return Relation.GRANDCHILD;
        }
        return null;
    }

    private int scopeType(String scope, String key) {
        Integer t = PlexTypes.number(scope);
        if (t == null) {
            throw new BadRequestException("'" + scope + "' in '" + key + "' is not a library item type");
        }
        return t;
    }

    /** Which table alias of the page query a (possibly {@code libtype.}-scoped) sort key refers to. */
    private String alias(String key) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            return "i";
        }
        Integer scope = PlexTypes.number(key.substring(0, dot));
        Relation relation = scope == null ? null : relation(scope);
        // The page query joins the levels above (p, g), not those below.
        return relation == Relation.SELF ? "i" : relation == Relation.PARENT ? "p"
                : relation == Relation.GRANDPARENT ? "g" : null;
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

    /**
     * A filter on the listed items themselves, or, for a {@code libtype.}-scoped field of another level, on the
     * item above or below them: a show's {@code episode.addedAt}, an album's {@code artist.id} or {@code track.title}
     * (an item matches when one of its relatives does, or, negated, when none does). The relative gets its own
     * watch state, so {@code show.viewCount} counts the show's plays, not the episode's.
     */
    private String scoped(Relation relation, int scopeType, Field f, String op, String value) {
        if (relation == Relation.SELF) {
            return FieldCondition.sql("i", "w", scopeType, f, op, value, this::bind);
        }
        String link = switch (relation) {
            case PARENT -> "x.id = i.parent_id";
            case GRANDPARENT -> "x.id = i.grandparent_id";
            case CHILD -> "x.parent_id = i.id AND x.type = " + bind(scopeType);
            default -> "x.grandparent_id = i.id AND x.type = " + bind(scopeType);
        };
        // A negated field of a relative means no relative matches: artists with track.title!=x have no such track.
        boolean negated = op.startsWith("!");
        return (negated ? "NOT " : "") + "EXISTS (SELECT 1 FROM item x LEFT JOIN watch_state xw ON xw.item_id = x.id "
                + "AND xw.user_id = $1 WHERE " + link + " AND "
                + FieldCondition.sql("x", "xw", scopeType, f, negated ? op.substring(1) : op, value,
                        this::bind) + ")";
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
            String expr = QueryFields.SORTS.get(field);
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
}
