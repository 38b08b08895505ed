package io.cinemesh.library.section.service;

import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.plex.wire.PlexElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directories {@code GET /library/sections/{id}} lists, per section type, as PMS lists them: the primary ones
 * (shortcuts to a subset of the section, each a Media Query applied before the caller's own parameters), the
 * secondary ones (a filter's choice list), By Folder, and the search prompts old clients build dialogs from. Only
 * directories this server serves are listed, so a client that follows every key gets an answer.
 *
 * @param query the Media Query a primary directory stands for ({@code null}: it has its own endpoint)
 */
public record SectionDirectory(String key, String title, Kind kind, String query, String prompt) {

    public enum Kind { PRIMARY, SECONDARY, FOLDER, SEARCH }

    private static final String VIEWED = "viewCount>>=0&sort=lastViewedAt:desc";
    /** By release date; files without one (most home rips) by their year. */
    private static final String NEWEST = "sort=originallyAvailableAt:desc:nullsLast,year:desc:nullsLast";

    public static List<SectionDirectory> of(String sectionType) {
        List<SectionDirectory> d = new ArrayList<>();
        d.add(primary("all", "All " + PlexTypes.title(PlexTypes.primary(sectionType)), null));
        switch (sectionType) {
            case "movie" -> {
                d.add(primary("unwatched", "Unplayed", "unwatched=1"));
                d.add(primary("newest", "Recently Released", NEWEST));
                d.add(primary("recentlyAdded", "Recently Added", null));
                d.add(primary("recentlyViewed", "Recently Viewed", VIEWED));
                d.add(primary("onDeck", "On Deck", null));
                secondary(d, "collection", "genre", "year", "decade", "director", "actor", "country", "contentRating",
                        "firstCharacter");
            }
            case "show" -> {
                d.add(primary("unwatched", "Unplayed", "unwatched=1"));
                d.add(primary("newest", "Recently Aired", "type=4&" + NEWEST));
                d.add(primary("recentlyAdded", "Recently Added", null));
                d.add(primary("recentlyViewed", "Recently Viewed Episodes", "type=4&" + VIEWED));
                d.add(primary("onDeck", "On Deck", null));
                secondary(d, "collection", "genre", "year", "contentRating", "firstCharacter");
            }
            case "artist" -> {
                d.add(primary("albums", "By Album", "type=9"));
                d.add(primary("recentlyAdded", "Recently Added", null));
                d.add(primary("recentlyViewed", "Recently Played", "type=10&" + VIEWED));
                secondary(d, "collection", "genre", "decade", "year", "firstCharacter");
            }
            default -> {
                d.add(primary("recentlyAdded", "Recently Added", null));
                secondary(d, "year");
            }
        }
        d.add(new SectionDirectory("folder", "By Folder", Kind.FOLDER, null, null));
        for (int type : PlexTypes.typesOf(sectionType)) {
            if (type != PlexTypes.SEASON && type != PlexTypes.PHOTO_ALBUM) {
                d.add(new SectionDirectory("search?type=" + type, "Search...", Kind.SEARCH, null,
                        "Search " + PlexTypes.title(type)));
            }
        }
        return d;
    }

    /** The primary directory with this key that stands for a Media Query, if the section type lists one. */
    public static Optional<SectionDirectory> query(String sectionType, String key) {
        return of(sectionType).stream().filter(d -> d.kind == Kind.PRIMARY && d.query != null && d.key.equals(key))
                .findFirst();
    }

    public PlexElement element() {
        PlexElement e = PlexElement.of("Directory").attr("key", key).attr("title", title);
        switch (kind) {
            case SECONDARY -> e.attr("secondary", true);
            case SEARCH -> e.attr("prompt", prompt).attr("search", true);
            default -> {
            }
        }
        return e;
    }

    private static SectionDirectory primary(String key, String title, String query) {
        return new SectionDirectory(key, title, Kind.PRIMARY, query, null);
    }

    private static void secondary(List<SectionDirectory> d, String... filters) {
        for (String f : filters) {
            d.add(new SectionDirectory(f, "By " + SECONDARY_TITLES.getOrDefault(f, capitalized(f)), Kind.SECONDARY,
                    null, null));
        }
    }

    private static final java.util.Map<String, String> SECONDARY_TITLES = java.util.Map.of("actor",
            "Starring Actor", "contentRating", "Content Rating", "firstCharacter", "First Letter");

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
