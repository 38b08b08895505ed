package io.cinemesh.library.metadata.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Plex's item type numbers and names, and which are containers and which are played. */
public final class PlexTypes {

    public static final int MOVIE = 1;
    public static final int SHOW = 2;
    public static final int SEASON = 3;
    public static final int EPISODE = 4;
    public static final int ARTIST = 8;
    public static final int ALBUM = 9;
    public static final int TRACK = 10;
    public static final int PHOTO = 13;
    public static final int PHOTO_ALBUM = 14;

    public static final Set<Integer> LEAVES = Set.of(MOVIE, EPISODE, TRACK, PHOTO);
    public static final Set<Integer> CONTAINERS = Set.of(SHOW, SEASON, ARTIST, ALBUM, PHOTO_ALBUM);

    private static final Map<Integer, String> NAMES = Map.of(MOVIE, "movie", SHOW, "show", SEASON, "season",
            EPISODE, "episode", ARTIST, "artist", ALBUM, "album", TRACK, "track", PHOTO, "photo", PHOTO_ALBUM,
            "photo");

    private PlexTypes() {
    }

    /** The {@code type} attribute: note a photo album is {@code Directory type="photo"}. */
    public static String name(int type) {
        return NAMES.get(type);
    }

    /** For {@code libtype.} prefixes and {@code type=movie} style parameters; {@code photoalbum} for 14. */
    public static Integer number(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "movie" -> MOVIE;
            case "show" -> SHOW;
            case "season" -> SEASON;
            case "episode" -> EPISODE;
            case "artist" -> ARTIST;
            case "album" -> ALBUM;
            case "track" -> TRACK;
            case "photo" -> PHOTO;
            case "photoalbum" -> PHOTO_ALBUM;
            default -> null;
        };
    }

    /** The scoped-field name of a type ({@code photoalbum} for 14, so scoped keys stay unambiguous). */
    public static String scope(int type) {
        return type == PHOTO_ALBUM ? "photoalbum" : name(type);
    }

    public static String tag(int type) {
        return switch (type) {
            case MOVIE, EPISODE -> "Video";
            case TRACK -> "Track";
            case PHOTO -> "Photo";
            default -> "Directory";
        };
    }

    /** The primary type a section lists by default. */
    public static int primary(String sectionType) {
        return switch (sectionType) {
            case "movie" -> MOVIE;
            case "show" -> SHOW;
            case "artist" -> ARTIST;
            case "photo" -> PHOTO_ALBUM;
            default -> throw new IllegalArgumentException(sectionType);
        };
    }

    /** The types a section of this kind holds, in hierarchy order. */
    public static int[] typesOf(String sectionType) {
        return switch (sectionType) {
            case "movie" -> new int[] {MOVIE};
            case "show" -> new int[] {SHOW, SEASON, EPISODE};
            case "artist" -> new int[] {ARTIST, ALBUM, TRACK};
            case "photo" -> new int[] {PHOTO_ALBUM, PHOTO};
            default -> new int[0];
        };
    }

    public static boolean isContainer(int type) {
        return CONTAINERS.contains(type);
    }

    public static String title(int type) {
        return switch (type) {
            case MOVIE -> "Movies";
            case SHOW -> "TV Shows";
            case SEASON -> "Seasons";
            case EPISODE -> "Episodes";
            case ARTIST -> "Artists";
            case ALBUM -> "Albums";
            case TRACK -> "Tracks";
            case PHOTO -> "Photos";
            case PHOTO_ALBUM -> "Photo Albums";
            default -> "Items";
        };
    }
}
