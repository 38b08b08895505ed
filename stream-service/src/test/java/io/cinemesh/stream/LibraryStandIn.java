package io.cinemesh.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cinemesh.testing.MediaFixtures;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CallerKind;
import io.cinemesh.tokens.TokenCodec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for library-service: a media root of real files made with ffmpeg, and the two internal endpoints
 * (plus {@code /library/metadata/{rk}}) answering for them as the contract says, 404 for what the caller's token
 * is not shared. The real pairing is tested end to end elsewhere.
 */
public class LibraryStandIn implements QuarkusTestResourceLifecycleManager {

    public static final Path MEDIA = Path.of("target", "test-media").toAbsolutePath();
    public static final Path OUTSIDE = Path.of("target", "outside-media.txt").toAbsolutePath();
    public static final String OWNER = "test-owner-token";
    /** A user whose shares cover the film and the song, not the secret film. */
    public static final String USER = new TokenCodec(java.util.Base64.getDecoder().decode(
            "dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdA=="))
            .issue(new Caller(7, "viewer", CallerKind.USER, "tok-7", System.currentTimeMillis() / 1000));

    public static final long FILM = 101;
    public static final long SECRET = 102;
    public static final long ESCAPE = 103;
    public static final long SYMLINK = 104;
    public static final long SONG = 105;
    public static final long MISSING = 106;
    public static final int FILM_SECONDS = 12;
    /** The song's album and artist, as ratingKeys: history by metadataItemID of either lists the song. */
    public static final String ALBUM_KEY = "1050";
    public static final String ARTIST_KEY = "1040";

    /** part id → {ratingKey, relative file, type, title, container, video?} */
    static final Map<Long, String[]> PARTS = Map.of(
            FILM, new String[] {"1001", "Movies/Test Film (2024)/Test Film.mp4", "movie", "Test Film", "mp4", "v"},
            SECRET, new String[] {"1002", "Private/Secret.mp4", "movie", "Secret", "mp4", "v"},
            ESCAPE, new String[] {"1003", "../outside-media.txt", "movie", "Escape", "mp4", "v"},
            SYMLINK, new String[] {"1004", "Movies/link.mp4", "movie", "Link", "mp4", "v"},
            SONG, new String[] {"1005", "Music/Artist/Album/01 Song.mp3", "track", "Song", "mp3", ""},
            MISSING, new String[] {"1006", "Movies/Gone.mp4", "movie", "Gone", "mp4", "v"});
    static final Set<Long> SHARED_WITH_USER = Set.of(FILM, SONG, ESCAPE, SYMLINK, MISSING);

    /** How many part lookups library-service answered: the part cache keeps this low. */
    public static final AtomicInteger PART_CALLS = new AtomicInteger();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        prepareMedia();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.library-service.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "cinemesh.media.root", MEDIA.toString());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public static synchronized void prepareMedia() {
        try {
            Files.createDirectories(MEDIA);
            Path film = MEDIA.resolve(PARTS.get(FILM)[1]);
            if (!Files.exists(film)) {
                MediaFixtures.remux(MediaFixtures.videoStub(FILM_SECONDS), film, Map.of("title", "Test Film"));
            }
            Path secret = MEDIA.resolve(PARTS.get(SECRET)[1]);
            if (!Files.exists(secret)) {
                MediaFixtures.remux(MediaFixtures.videoStub(FILM_SECONDS), secret, Map.of("title", "Secret"));
            }
            Path song = MEDIA.resolve(PARTS.get(SONG)[1]);
            if (!Files.exists(song)) {
                MediaFixtures.remux(MediaFixtures.audioStub(10), song, Map.of("title", "Song"));
            }
            if (!Files.exists(POSTER)) {
                MediaFixtures.jpeg(POSTER, 640, 360);
            }
            Files.writeString(OUTSIDE, "not media: a file outside the media root\n");
            Path link = MEDIA.resolve(PARTS.get(SYMLINK)[1]);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, OUTSIDE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path file(long partId) {
        return MEDIA.resolve(PARTS.get(partId)[1]);
    }

    private static final Pattern PART = Pattern.compile("/internal/parts/(\\d+)");
    private static final Pattern ITEM_PARTS = Pattern.compile("/internal/items/(\\d+)/parts");
    private static final Pattern METADATA = Pattern.compile("/library/metadata/(\\d+)");
    private static final Pattern THUMB = Pattern.compile("/library/metadata/(\\d+)/thumb/\\d+");
    public static final Path POSTER = MEDIA.resolve(".posters/poster.jpg");

    private void handle(HttpExchange ex) throws IOException {
        String token = ex.getRequestHeaders().getFirst("X-Plex-Token");
        String path = ex.getRequestURI().getPath();
        if (token == null && !path.equals("/_calls")) {
            send(ex, 401, "{\"error\":\"token\"}");
            return;
        }
        boolean owner = OWNER.equals(token);
        Matcher m;
        if (path.equals("/_calls")) {
            send(ex, 200, Integer.toString(PART_CALLS.get()));
        } else if ((m = PART.matcher(path)).matches()) {
            PART_CALLS.incrementAndGet();
            long id = Long.parseLong(m.group(1));
            if (!PARTS.containsKey(id) || (!owner && !SHARED_WITH_USER.contains(id))) {
                send(ex, 404, "{\"error\":\"not found\"}");
                return;
            }
            send(ex, 200, partJson(id));
        } else if ((m = ITEM_PARTS.matcher(path)).matches()) {
            Long id = byRatingKey(m.group(1));
            if (id == null || (!owner && !SHARED_WITH_USER.contains(id))) {
                send(ex, 404, "{\"error\":\"not found\"}");
                return;
            }
            send(ex, 200, "[" + partJson(id) + "]");
        } else if ((m = THUMB.matcher(path)).matches()) {
            Long id = byRatingKey(m.group(1));
            if (id == null || (!owner && !SHARED_WITH_USER.contains(id))) {
                send(ex, 404, "{\"error\":\"not found\"}");
                return;
            }
            byte[] jpeg = Files.readAllBytes(POSTER);
            ex.getResponseHeaders().set("Content-Type", "image/jpeg");
            ex.sendResponseHeaders(200, jpeg.length);
            ex.getResponseBody().write(jpeg);
            ex.close();
        } else if ((m = METADATA.matcher(path)).matches()) {
            Long id = byRatingKey(m.group(1));
            if (id == null || (!owner && !SHARED_WITH_USER.contains(id))) {
                send(ex, 404, "{\"error\":\"not found\"}");
                return;
            }
            String[] p = PARTS.get(id);
            boolean video = !p[5].isEmpty();
            send(ex, 200, "{\"MediaContainer\":{\"size\":1,\"Metadata\":[{\"ratingKey\":\"" + p[0]
                    + "\",\"key\":\"/library/metadata/" + p[0] + "\",\"type\":\"" + p[2] + "\",\"title\":\"" + p[3]
                    + "\",\"librarySectionID\":" + (video ? 1 : 2) + ",\"duration\":" + duration(id)
                    + ",\"thumb\":\"/library/metadata/" + p[0] + "/thumb/1700000000\",\"year\":2024"
                    + (video ? "" : ",\"parentTitle\":\"Album\",\"grandparentTitle\":\"Artist\""
                            + ",\"parentRatingKey\":\"" + ALBUM_KEY + "\",\"grandparentRatingKey\":\""
                            + ARTIST_KEY + "\"")
                    + ",\"Media\":[{\"id\":1}]}]}}");
        } else {
            send(ex, 404, "{}");
        }
    }

    private static Long byRatingKey(String rk) {
        return PARTS.entrySet().stream().filter(e -> e.getValue()[0].equals(rk)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    private static long duration(long id) {
        return id == SONG ? 10_000 : FILM_SECONDS * 1000L;
    }

    static String partJson(long id) {
        String[] p = PARTS.get(id);
        boolean video = !p[5].isEmpty();
        long size = 0;
        try {
            size = Files.size(MEDIA.resolve(p[1]));
        } catch (IOException ignored) {
            // a missing file still has a record, as in a library whose disk went away
        }
        String streams = video
                ? "[{\"index\":0,\"streamType\":1,\"codec\":\"h264\"},{\"index\":1,\"streamType\":2,\"codec\":\"aac\",\"language\":\"eng\"}]"
                : "[{\"index\":0,\"streamType\":2,\"codec\":\"mp3\"}]";
        return "{\"partId\":" + id + ",\"ratingKey\":\"" + p[0] + "\",\"sectionId\":" + (video ? 1 : 2)
                + ",\"file\":\"" + p[1] + "\",\"size\":" + size + ",\"container\":\"" + p[4] + "\",\"durationMs\":"
                + duration(id) + ",\"bitrate\":" + (video ? 8000 : 128)
                + (video ? ",\"videoCodec\":\"h264\",\"videoProfile\":\"high\",\"width\":1920,\"height\":1080,"
                        + "\"frameRate\":30.0,\"audioCodec\":\"aac\",\"audioChannels\":2"
                        : ",\"audioCodec\":\"mp3\",\"audioChannels\":2")
                + ",\"streams\":" + streams + ",\"subtitles\":[],\"someFutureField\":1}";
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
