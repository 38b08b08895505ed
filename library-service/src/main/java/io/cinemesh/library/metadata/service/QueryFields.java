package io.cinemesh.library.metadata.service;

import io.cinemesh.library.metadata.mapping.PlexTypes;
import jakarta.ws.rs.BadRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary of Media Queries: the fields a section search filters on (with their kind and SQL), the sorts, the
 * PMS fields this server does not keep, the parameters that are never filters, and how each kind of value is read.
 * {@code <Meta>} ({@code MetaVocabulary}) advertises exactly these, and {@link MediaQuery} accepts them back.
 */
public final class QueryFields {

    /** Field kinds, as the {@code <Meta>} vocabulary names them. */
    public enum Kind { STRING, INTEGER, DATE, BOOLEAN, TAG }

    /** A field: its kind and its SQL over an item alias ({@code %1$s}) and that item's watch state ({@code %2$s}). */
    public record Field(String key, String title, Kind kind, String column) {
    }

    public static final List<Field> FIELDS = List.of(
            new Field("title", "Title", Kind.STRING, "%s.title_search"),
            new Field("titleSort", "Sort Title", Kind.STRING, "%s.title_sort"),
            new Field("originalTitle", "Original Title", Kind.STRING, "lower(%s.original_title)"),
            new Field("contentRating", "Content Rating", Kind.STRING, "lower(%s.content_rating)"),
            new Field("year", "Year", Kind.INTEGER, "%s.year"),
            new Field("decade", "Decade", Kind.INTEGER, "(%s.year / 10 * 10)"),
            new Field("firstCharacter", "First Character", Kind.STRING, "lower(left(%s.title_sort, 1))"),
            new Field("index", "Index", Kind.INTEGER, "%s.idx"),
            new Field("id", "Rating Key", Kind.INTEGER, "%s.id"),
            new Field("duration", "Duration", Kind.INTEGER, "%s.duration_ms"),
            new Field("addedAt", "Date Added", Kind.DATE, "%s.added_at"),
            new Field("updatedAt", "Date Updated", Kind.DATE, "%s.updated_at"),
            new Field("originallyAvailableAt", "Release Date", Kind.DATE, "%s.originally_available_at"),
            new Field("viewCount", "Plays", Kind.INTEGER, "coalesce(%2$s.view_count, 0)"),
            new Field("lastViewedAt", "Last Played", Kind.DATE, "%2$s.last_viewed_at"),
            new Field("userRating", "User Rating", Kind.INTEGER, "%2$s.user_rating"),
            new Field("unwatched", "Unplayed", Kind.BOOLEAN, null),
            new Field("inProgress", "In Progress", Kind.BOOLEAN, "coalesce(%2$s.view_offset_ms, 0) > 0"),
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

    /** PMS filter fields this server does not keep: asked for, they are a 400, not an unfiltered list. */
    static final Set<String> UNSUPPORTED = Set.of("studio", "network", "producer", "resolution", "hdr",
            "audioLanguage", "subtitleLanguage", "editionTitle", "audienceRating", "rating", "lastRatedAt", "source",
            "unmatched", "duplicate", "trash", "subformat", "format");

    /** Query parameters that are never filters. */
    static final Set<String> RESERVED = Set.of("type", "sort", "limit", "includeMeta", "includeAdvanced",
            "includeGuids", "includeCollections", "includeExternalMedia", "checkFiles", "excludeAllLeaves",
            "asyncAugmentMetadata", "group", "having", "query", "sectionId");

    private QueryFields() {
    }

    public static Field field(String key) {
        return FIELDS.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
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
}
