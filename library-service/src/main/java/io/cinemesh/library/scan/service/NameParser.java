package io.cinemesh.library.scan.service;

import io.cinemesh.library.metadata.mapping.PlexTypes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a file's path (relative to its section folder) and its tags into items, the way Plex's own scanners name
 * things. Titles keep their accents and case; a title tag in the container beats the file name.
 *
 * <ul>
 * <li>movies: {@code Title (Year).ext}, {@code Title.Year.ext}, or the bare name;</li>
 * <li>shows: {@code Show/Season N/…SxxEyy…}, {@code Show/SxxEyy.ext}, {@code Show - S01E02 - Title.ext};</li>
 * <li>music: album artist/artist, album, disc, track, title and date tags, else the folders
 * {@code Artist/Album/N - Title} or {@code Artist - Album/N - Title};</li>
 * <li>photos: one photo album per folder, nested as the folders are.</li>
 * </ul>
 */
public final class NameParser {

    private static final Pattern MOVIE_PAREN_YEAR = Pattern.compile("^(.*?)[\\s._]*\\((\\d{4})\\).*$");
    /** The last year-like number wins: "Blade.Runner.2049.2017.1080p" is Blade Runner 2049, of 2017. */
    private static final Pattern MOVIE_DOT_YEAR = Pattern.compile("^(.*)[\\s._]+((?:19|20)\\d{2})(?:[\\s._\\[(].*)?$");
    /** A show folder as Plex recommends naming it when two shows share a name: "Doctor Who (2005)". */
    private static final Pattern SHOW_FOLDER_YEAR = Pattern.compile("^(.*?)\\s*\\(((?:19|20)\\d{2})\\)$");
    /** Where a release name's quality and group tags begin; nothing from there on is an episode's title. */
    private static final Pattern RELEASE_TAGS = Pattern.compile("(?i)(?:^|[\\s._\\[(-])(?:\\d{3,4}p|hdtv|pdtv|web"
            + "|web-?dl|webrip|bluray|blu-ray|bdrip|brrip|dvdrip|hdrip|x26[45]|h\\.?26[45]|hevc|xvid|aac|ac3|dts)"
            + "(?=$|[\\s._\\])-])");
    private static final Pattern EPISODE = Pattern.compile(
            "^(.*?)[\\s._-]*[Ss](\\d{1,2})[\\s._]*[Ee](\\d{1,3})(?:-?[Ee]\\d{1,3})?(.*)$");
    private static final Pattern EPISODE_X = Pattern.compile("^(.*?)[\\s._-]*(\\d{1,2})x(\\d{2,3})(.*)$");
    private static final Pattern SEASON_FOLDER = Pattern.compile("(?i)^(?:season|series|saison|staffel)[\\s._]*(\\d{1,3})$");
    private static final Pattern TRACK_FILE = Pattern.compile("^(?:(\\d)[-.])?(\\d{1,3})[\\s._]*(?:-[\\s._]*)?(.+)$");
    private static final Pattern DISC_FOLDER = Pattern.compile("(?i)^(?:cd|disc|disk)[\\s._]*(\\d{1,2})$");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");
    private static final Pattern YEAR = Pattern.compile("((?:1[89]|20)\\d{2})");

    private NameParser() {
    }

    /**
     * @param sectionType movie, show, artist or photo
     * @param relative the file's path below its section folder, with '/' separators
     * @param probe the file's probe, for tags
     */
    public static ParsedMedia parse(String sectionType, String relative, ProbeResult probe) {
        List<String> segments = Arrays.asList(relative.split("/"));
        String fileName = segments.get(segments.size() - 1);
        String base = stripExtension(fileName);
        List<String> folders = segments.subList(0, segments.size() - 1);
        return switch (sectionType) {
            case "movie" -> movie(base, probe);
            case "show" -> episode(folders, base, probe);
            case "artist" -> track(folders, base, probe);
            case "photo" -> photo(folders, base, probe);
            default -> throw new IllegalArgumentException("unknown section type " + sectionType);
        };
    }

    static ParsedMedia movie(String base, ProbeResult probe) {
        String title = clean(base);
        Integer year = null;
        Matcher m = MOVIE_PAREN_YEAR.matcher(base);
        if (m.matches() && !m.group(1).isBlank()) {
            title = clean(m.group(1));
            year = Integer.valueOf(m.group(2));
        } else if ((m = MOVIE_DOT_YEAR.matcher(base)).matches() && !m.group(1).isBlank()) {
            title = clean(m.group(1));
            year = Integer.valueOf(m.group(2));
        }
        String tagTitle = tag(probe, "title");
        if (tagTitle != null) {
            title = tagTitle;
        }
        LocalDate date = date(tag(probe, "date", "year", "creation_time"));
        if (year == null && date != null) {
            year = date.getYear();
        }
        return new ParsedMedia(List.of(), new ParsedMedia.Node(PlexTypes.MOVIE, null, title, year, date, null, null,
                tag(probe, "description", "comment", "synopsis"), genres(probe)));
    }

    static ParsedMedia episode(List<String> folders, String base, ProbeResult probe) {
        Matcher m = EPISODE.matcher(base);
        if (!m.matches()) {
            m = EPISODE_X.matcher(base);
            if (!m.matches()) {
                m = null;
            }
        }
        String show = folders.isEmpty() ? null : folders.get(0);
        Integer season = null;
        Integer episode = null;
        String episodeTitle = null;
        if (m != null) {
            if (show == null) {
                show = clean(m.group(1));
            }
            season = Integer.valueOf(m.group(2));
            episode = Integer.valueOf(m.group(3));
            episodeTitle = clean(withoutReleaseTags(m.group(4).replaceFirst("^[\\s._]*-[\\s._]*", "")));
        }
        for (String f : folders) {
            Matcher sf = SEASON_FOLDER.matcher(f);
            if (sf.matches() && season == null) {
                season = Integer.valueOf(sf.group(1));
            } else if (f.equalsIgnoreCase("specials") && season == null) {
                season = 0;
            }
        }
        String showTag = tag(probe, "show");
        if (showTag != null && show == null) {
            show = showTag;
        }
        if (show == null || show.isBlank()) {
            show = clean(base);
        }
        if (season == null) {
            season = intTag(probe, "season_number");
            season = season == null ? 1 : season;
        }
        if (episode == null) {
            episode = intTag(probe, "episode_sort", "track");
        }
        String tagTitle = tag(probe, "title");
        String title = tagTitle != null ? tagTitle
                : episodeTitle != null && !episodeTitle.isBlank() ? episodeTitle
                : episode != null ? "Episode " + episode : clean(base);
        LocalDate date = date(tag(probe, "date", "year"));
        // The folder's year is the show's, not part of its title; the key keeps it, so that two shows of one name
        // stay two.
        Integer showYear = null;
        String showKey = key(show);
        Matcher sy = SHOW_FOLDER_YEAR.matcher(show.trim());
        if (sy.matches() && !sy.group(1).isBlank()) {
            show = sy.group(1).trim();
            showYear = Integer.valueOf(sy.group(2));
        }
        ParsedMedia.Node showNode = new ParsedMedia.Node(PlexTypes.SHOW, showKey, show, showYear, null, null, null,
                null, List.of());
        ParsedMedia.Node seasonNode = new ParsedMedia.Node(PlexTypes.SEASON, Integer.toString(season),
                season == 0 ? "Specials" : "Season " + season, null, null, season, null, null, List.of());
        return new ParsedMedia(List.of(showNode, seasonNode), new ParsedMedia.Node(PlexTypes.EPISODE, null, title,
                date == null ? null : date.getYear(), date, episode, season,
                tag(probe, "description", "comment", "synopsis"), List.of()));
    }

    static ParsedMedia track(List<String> folders, String base, ProbeResult probe) {
        List<String> dirs = new ArrayList<>(folders);
        Integer disc = intTag(probe, "disc");
        if (!dirs.isEmpty()) {
            Matcher d = DISC_FOLDER.matcher(dirs.get(dirs.size() - 1));
            if (d.matches()) {
                dirs.remove(dirs.size() - 1);
                if (disc == null) {
                    disc = Integer.valueOf(d.group(1));
                }
            }
        }
        String folderArtist = null;
        String folderAlbum = null;
        if (dirs.size() >= 2) {
            folderArtist = dirs.get(dirs.size() - 2);
            folderAlbum = dirs.get(dirs.size() - 1);
        } else if (dirs.size() == 1) {
            String[] ab = dirs.get(0).split("\\s+-\\s+", 2);
            if (ab.length == 2) {
                folderArtist = ab[0].trim();
                folderAlbum = ab[1].trim();
            } else {
                folderAlbum = dirs.get(0);
            }
        }
        Integer fileTrack = null;
        String fileTitle = clean(base);
        Matcher t = TRACK_FILE.matcher(base);
        if (t.matches()) {
            fileTrack = Integer.valueOf(t.group(2));
            if (t.group(1) != null && disc == null) {
                disc = Integer.valueOf(t.group(1));
            }
            fileTitle = clean(t.group(3));
        }
        String artist = firstNonNull(tag(probe, "album_artist", "albumartist", "album artist"), tag(probe, "artist"),
                folderArtist, "Unknown Artist");
        String album = firstNonNull(tag(probe, "album"), folderAlbum, "Unknown Album");
        String title = firstNonNull(tag(probe, "title"), fileTitle);
        Integer track = firstNonNull(intTag(probe, "track"), fileTrack);
        LocalDate date = date(tag(probe, "date", "year", "originaldate"));
        Integer year = date == null ? null : date.getYear();
        ParsedMedia.Node artistNode = new ParsedMedia.Node(PlexTypes.ARTIST, key(artist), artist, null, null, null,
                null, null, List.of());
        ParsedMedia.Node albumNode = new ParsedMedia.Node(PlexTypes.ALBUM, key(album), album, year, date, null, null,
                null, genres(probe));
        return new ParsedMedia(List.of(artistNode, albumNode), new ParsedMedia.Node(PlexTypes.TRACK, null, title,
                year, null, track, disc == null ? 1 : disc, null, List.of()));
    }

    static ParsedMedia photo(List<String> folders, String base, ProbeResult probe) {
        List<ParsedMedia.Node> albums = new ArrayList<>();
        for (String f : folders) {
            albums.add(new ParsedMedia.Node(PlexTypes.PHOTO_ALBUM, key(f), f, null, null, null, null, null,
                    List.of()));
        }
        LocalDate date = date(tag(probe, "creation_time", "date"));
        String title = firstNonNull(tag(probe, "title"), base);
        return new ParsedMedia(albums, new ParsedMedia.Node(PlexTypes.PHOTO, null, title,
                date == null ? null : date.getYear(), date, null, null, null, List.of()));
    }

    public static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** Dots and underscores are word separators in release names; spaces, accents and case are kept. */
    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.contains(" ") ? s : s.replace('.', ' ').replace('_', ' ');
        return t.replaceAll("\\s+", " ").replaceAll("^[\\s\\-]+|[\\s\\-]+$", "").trim();
    }

    private static String withoutReleaseTags(String s) {
        Matcher tags = RELEASE_TAGS.matcher(s);
        return tags.find() ? s.substring(0, tags.start()) : s;
    }

    static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static List<String> genres(ProbeResult probe) {
        String g = tag(probe, "genre");
        if (g == null) {
            return List.of();
        }
        return Arrays.stream(g.split("[;/,]")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static String tag(ProbeResult probe, String... names) {
        return probe == null ? null : probe.tag(names);
    }

    private static Integer intTag(ProbeResult probe, String... names) {
        String v = tag(probe, names);
        if (v == null) {
            return null;
        }
        Matcher m = LEADING_NUMBER.matcher(v.trim());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    static LocalDate date(String v) {
        if (v == null) {
            return null;
        }
        try {
            if (v.length() >= 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
                return LocalDate.parse(v.substring(0, 10));
            }
        } catch (RuntimeException ignored) {
            // fall through to a bare year
        }
        Matcher y = YEAR.matcher(v);
        return y.find() ? LocalDate.of(Integer.parseInt(y.group(1)), 1, 1) : null;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null && !(v instanceof String s && s.isBlank())) {
                return v;
            }
        }
        return null;
    }
}
