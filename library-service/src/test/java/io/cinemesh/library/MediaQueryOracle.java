package io.cinemesh.library;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a Media Query filter on a field of the listed items means, evaluated on the items of an unfiltered list as
 * a client sees them (their JSON attributes), written from the operators' titles in {@code <Meta>} ("contains",
 * "is not", "begins with", "is after"), not from the server's SQL. A field whose value the listing does not show
 * has no entry, so the table test skips it. Fields of a level below (an artist's {@code album.year}) are read on
 * the items of that level's own unfiltered list.
 */
final class MediaQueryOracle {

    /** How to read a field's value from an item of the list. */
    static final Map<String, Function<Map<String, Object>, Object>> VALUES = Map.ofEntries(
            Map.entry("title", i -> lower(i.get("title"))),
            Map.entry("titleSort", i -> lower(i.get("titleSort"))),
            Map.entry("contentRating", i -> lower(i.get("contentRating"))),
            Map.entry("firstCharacter", i -> firstCharacter(i.get("titleSort"))),
            Map.entry("year", i -> number(i.get("year"))),
            Map.entry("decade", i -> i.get("year") == null ? null : number(i.get("year")) / 10 * 10),
            Map.entry("index", i -> number(i.get("index"))),
            Map.entry("id", i -> Long.parseLong(i.get("ratingKey").toString())),
            Map.entry("duration", i -> number(i.get("duration"))),
            Map.entry("addedAt", i -> number(i.get("addedAt"))),
            Map.entry("updatedAt", i -> number(i.get("updatedAt"))),
            Map.entry("originallyAvailableAt", i -> i.get("originallyAvailableAt") == null ? null
                    : LocalDate.parse(i.get("originallyAvailableAt").toString()).atStartOfDay()
                            .toEpochSecond(ZoneOffset.UTC)),
            Map.entry("viewCount", i -> i.get("viewCount") == null ? 0L : number(i.get("viewCount"))),
            Map.entry("lastViewedAt", i -> number(i.get("lastViewedAt"))),
            Map.entry("userRating", i -> number(i.get("userRating"))),
            Map.entry("unwatched", i -> i.containsKey("leafCount")
                    ? number(i.getOrDefault("viewedLeafCount", 0)) < number(i.get("leafCount"))
                    : number(i.getOrDefault("viewCount", 0)) == 0),
            Map.entry("inProgress", i -> number(i.getOrDefault("viewOffset", 0)) > 0),
            Map.entry("genre", i -> tags(i.get("Genre"))),
            Map.entry("director", i -> tags(i.get("Director"))),
            Map.entry("actor", i -> tags(i.get("Role"))),
            Map.entry("writer", i -> tags(i.get("Writer"))),
            Map.entry("country", i -> tags(i.get("Country"))),
            Map.entry("label", i -> tags(i.get("Label"))),
            Map.entry("mood", i -> tags(i.get("Mood"))),
            Map.entry("style", i -> tags(i.get("Style"))),
            Map.entry("collection", i -> tags(i.get("Collection"))));

    /**
     * How to read a field of the item one ({@code distance} 1) or two levels up, from the attributes an item carries
     * about its parent and grandparent; null when the listing does not show it (a season's {@code parentIndex} is
     * not its show's index, which shows do not have).
     */
    static Function<Map<String, Object>, Object> above(int distance, String field) {
        String prefix = distance == 1 ? "parent" : distance == 2 ? "grandparent" : null;
        if (prefix == null) {
            return null;
        }
        return switch (field) {
            case "title" -> i -> lower(i.get(prefix + "Title"));
            case "id" -> i -> number(i.get(prefix + "RatingKey"));
            default -> null;
        };
    }

    /** Date fields that hold a day, not an instant. */
    private static final Set<String> DAYS = Set.of("originallyAvailableAt");

    private MediaQueryOracle() {
    }

    /**
     * The ratingKeys of the items a filter keeps; {@code value} as it is sent (dates as epoch seconds). The field is
     * read on each item's {@code relatives}: the item itself for its own fields and those above it (read through
     * what it says of its parent and grandparent), its children or grandchildren for a level below. An item matches
     * when one relative does; "is not", "does not contain" and "is false" keep the items that none matches, those
     * without a value (or without relatives) included.
     */
    static Set<String> keep(List<Map<String, Object>> items,
            Function<Map<String, Object>, List<Map<String, Object>>> relatives,
            Function<Map<String, Object>, Object> read, String field, String kind, String op, String value) {
        boolean negated = op.startsWith("!");
        String positive = negated ? op.substring(1) : op;
        Set<String> kept = new LinkedHashSet<>();
        for (Map<String, Object> item : items) {
            boolean hit = relatives.apply(item).stream()
                    .anyMatch(r -> matches(read.apply(r), field, kind, positive, value));
            if (hit != negated) {
                kept.add(item.get("ratingKey").toString());
            }
        }
        return kept;
    }

    /** The relatives of each item one ({@code distance} -1) or two levels below, by what they say of their own. */
    static Function<Map<String, Object>, List<Map<String, Object>>> below(int distance,
            List<Map<String, Object>> descendants) {
        String link = distance == -1 ? "parentRatingKey" : "grandparentRatingKey";
        return item -> descendants.stream().filter(d -> item.get("ratingKey").equals(d.get(link))).toList();
    }

    /** Values worth asking for: what the items hold (and a part of it for text), and one that none holds. */
    static List<String> values(List<Map<String, Object>> items, Function<Map<String, Object>, Object> read,
            String field, String kind) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> item : items) {
            Object v = read.apply(item);
            if (v instanceof List<?> tags && !tags.isEmpty()) {
                out.add(tags.get(0).toString());
            } else if (v instanceof String s && !s.isEmpty()) {
                out.add(s);
                if (s.length() > 2 && !field.equals("contentRating")) {
                    out.add(s.substring(1, 3));
                }
            } else if (v != null && !(v instanceof List<?>) && !(v instanceof Boolean)) {
                out.add(v.toString());
            }
            if (out.size() >= 3) {
                break;
            }
        }
        out.add(switch (kind) {
            case "boolean" -> "1";
            case "integer", "date" -> "1";
            default -> "zzq";
        });
        return out.stream().distinct().toList();
    }

    /** Whether a value answers a positive operator ("contains", "is", "is after", "is true" …). */
    private static boolean matches(Object v, String field, String kind, String op, String value) {
        return switch (kind) {
            case "string" -> text(v, field, op, value.toLowerCase(Locale.ROOT));
            case "integer" -> v != null && compare((Long) v, op, Long.parseLong(value));
            case "date" -> v != null && instant((Long) v, field, op, Long.parseLong(value));
            case "boolean" -> Boolean.TRUE.equals(v) == value.equals("1");
            case "tag" -> v instanceof List<?> tags && tags.stream()
                    .anyMatch(t -> t.toString().equalsIgnoreCase(value));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static boolean text(Object v, String field, String op, String value) {
        if (v == null) {
            return false;
        }
        String s = v.toString();
        boolean label = field.equals("contentRating") || field.equals("firstCharacter");
        return switch (label && op.equals("=") ? "==" : op) {
            case "=" -> s.contains(value);
            case "==" -> s.equals(value);
            case "<=" -> s.startsWith(value);
            case ">=" -> s.endsWith(value);
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static boolean compare(long v, String op, long value) {
        return switch (op) {
            case "=", "==" -> v == value;
            case ">>=" -> v > value;
            case "<<=" -> v < value;
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** "is" a date: the same day (UTC) as the value, for instants too; "is after"/"is before": strictly. */
    private static boolean instant(long v, String field, String op, long value) {
        return switch (op) {
            case "=", "==" -> DAYS.contains(field) ? v == day(value) : v >= value && v < value + 86_400;
            case ">>=" -> v > value;
            case "<<=" -> v < value;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static long day(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay()
                .toEpochSecond(ZoneOffset.UTC);
    }

    private static String lower(Object v) {
        return v == null ? null : v.toString().toLowerCase(Locale.ROOT);
    }

    private static String firstCharacter(Object titleSort) {
        if (titleSort == null || titleSort.toString().isEmpty()) {
            return null;
        }
        String c = titleSort.toString().substring(0, 1).toLowerCase(Locale.ROOT);
        return Character.isLetter(c.charAt(0)) ? c : "#";
    }

    private static Long number(Object v) {
        return v == null ? null : Math.round(Double.parseDouble(v.toString()));
    }

    private static List<String> tags(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            l.forEach(t -> out.add(Objects.toString(((Map<?, ?>) t).get("tag"))));
        }
        return out;
    }
}
