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
import java.util.List;
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
    /** A user whose shares cover the films and the song, not the secret film. */
    public static final String USER = new TokenCodec(java.util.Base64.getDecoder().decode(
            "dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdA=="))
            .issue(new Caller(7, "viewer", CallerKind.USER, "tok-7", System.currentTimeMillis() / 1000));

    public static final long FILM = 101;
    public static final long SECRET = 102;
    public static final long ESCAPE = 103;
    public static final long SYMLINK = 104;
    public static final long SONG = 105;
    public static final long MISSING = 106;
    public static final long SUBBED = 107;
    public static final long HEVC = 108;
    /** Two audio tracks (English stereo, French mono) and an English subtitle; the caller chose French and it. */
    public static final long DUBBED = 109;
    public static final long DUBBED_FRENCH = 1093;
    public static final long DUBBED_SUB = 1094;
    /** An MKV whose only subtitle is a bitmap (PGS, as on Blu-rays): a white bar low in the frame from 5 s to 7 s. */
    public static final long BITMAP = 110;
    public static final long BITMAP_SUB = 1103;
    public static final int FILM_SECONDS = 12;
    /** A film long enough for ffmpeg to be held back: fifteen 4-s segments. */
    public static final long LONG = 111;
    public static final int LONG_SECONDS = 60;
    /** Films shaped like people's files (MediaFixtures.film), 60 s each, for direct streams cut on key frames. */
    public static final long GOP10_MKV = 112;
    public static final long GOP10_MP4 = 113;
    public static final long VARIABLE_GOP = 114;
    public static final long VARIABLE_GOP_MP4 = 115;
    public static final long OPEN_GOP = 116;
    /** The subbed film's streams as library-service numbers them: video, audio, embedded mov_text, sidecar srt. */
    public static final long SUBBED_VIDEO = 1071;
    public static final long EMBEDDED_SUB = 1073;
    public static final long SIDECAR_SUB = 1074;
    public static final String SIDECAR_FILE = "Movies/Subbed Film (2024)/Subbed Film.en.srt";

    /** part id → {ratingKey, relative file, type, title, container, video?} */
    static final Map<Long, String[]> PARTS = Map.ofEntries(
            Map.entry(FILM, new String[] {"1001", "Movies/Test Film (2024)/Test Film.mp4", "movie", "Test Film", "mp4",
                    "v"}),
            Map.entry(SECRET, new String[] {"1002", "Private/Secret.mp4", "movie", "Secret", "mp4", "v"}),
            Map.entry(ESCAPE, new String[] {"1003", "../outside-media.txt", "movie", "Escape", "mp4", "v"}),
            Map.entry(SYMLINK, new String[] {"1004", "Movies/link.mp4", "movie", "Link", "mp4", "v"}),
            Map.entry(SONG, new String[] {"1005", "Music/Artist/Album/01 Song.mp3", "track", "Song", "mp3", ""}),
            Map.entry(MISSING, new String[] {"1006", "Movies/Gone.mp4", "movie", "Gone", "mp4", "v"}),
            Map.entry(SUBBED, new String[] {"1007", "Movies/Subbed Film (2024)/Subbed Film.mp4", "movie",
                    "Subbed Film", "mp4", "v"}),
            Map.entry(HEVC, new String[] {"1008", "Movies/HEVC Film.mp4", "movie", "HEVC Film", "mp4", "v"}),
            Map.entry(DUBBED, new String[] {"1009", "Movies/Dubbed Film.mp4", "movie", "Dubbed Film", "mp4", "v"}),
            Map.entry(BITMAP, new String[] {"1010", "Movies/Bitmap Film.mkv", "movie", "Bitmap Film", "mkv", "v"}),
            Map.entry(LONG, new String[] {"1011", "Movies/Long Film.mp4", "movie", "Long Film", "mp4", "v"}),
            Map.entry(GOP10_MKV, new String[] {"1012", "Movies/Shaped/Ten.mkv", "movie", "Ten", "mkv", "v"}),
            Map.entry(GOP10_MP4, new String[] {"1013", "Movies/Shaped/Ten.mp4", "movie", "Ten", "mp4", "v"}),
            Map.entry(VARIABLE_GOP, new String[] {"1014", "Movies/Shaped/Scenes.mkv", "movie", "Scenes", "mkv",
                    "v"}),
            Map.entry(VARIABLE_GOP_MP4, new String[] {"1015", "Movies/Shaped/Scenes.mp4", "movie", "Scenes", "mp4",
                    "v"}),
            Map.entry(OPEN_GOP, new String[] {"1016", "Movies/Shaped/Open.mkv", "movie", "Open", "mkv", "v"}));
    /** part id → how its key frames are placed, and its container. */
    static final Map<Long, Object[]> SHAPED = Map.of(
            GOP10_MKV, new Object[] {MediaFixtures.KeyFrames.GOP_10S, "mkv"},
            GOP10_MP4, new Object[] {MediaFixtures.KeyFrames.GOP_10S, "mp4"},
            VARIABLE_GOP, new Object[] {MediaFixtures.KeyFrames.VARIABLE_GOP, "mkv"},
            VARIABLE_GOP_MP4, new Object[] {MediaFixtures.KeyFrames.VARIABLE_GOP, "mp4"},
            OPEN_GOP, new Object[] {MediaFixtures.KeyFrames.OPEN_GOP, "mkv"});
    static final Set<Long> SHARED_WITH_USER = Set.of(FILM, LONG, SONG, ESCAPE, SYMLINK, MISSING, SUBBED, HEVC, DUBBED);

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
            Path subbed = MEDIA.resolve(PARTS.get(SUBBED)[1]);
            if (!Files.exists(subbed)) {
                // An embedded text subtitle (mov_text, as MP4 stores them) shown from 5 s to 7 s.
                Path srt = MEDIA.resolve(".subtitles/embedded.srt");
                Files.createDirectories(srt.getParent());
                Files.writeString(srt, "1\n00:00:05,000 --> 00:00:07,000\nEmbedded hello\n\n");
                MediaFixtures.ffmpeg(List.of("-i", MediaFixtures.videoStub(FILM_SECONDS).toString(), "-i",
                        srt.toString(), "-map", "0", "-map", "1", "-c", "copy", "-c:s", "mov_text",
                        "-metadata:s:s:0", "language=eng"), subbed);
            }
            Path dubbed = MEDIA.resolve(PARTS.get(DUBBED)[1]);
            if (!Files.exists(dubbed)) {
                Path srt = MEDIA.resolve(".subtitles/dubbed.srt");
                Files.createDirectories(srt.getParent());
                Files.writeString(srt, "1\n00:00:01,000 --> 00:00:03,000\nBonjour\n\n");
                MediaFixtures.ffmpeg(List.of("-i", MediaFixtures.videoStub(FILM_SECONDS).toString(), "-f", "lavfi",
                        "-i", "sine=frequency=220:sample_rate=48000", "-i", srt.toString(), "-map", "0:v", "-map",
                        "0:a", "-map", "1:a", "-map", "2", "-t", Integer.toString(FILM_SECONDS), "-c:v", "copy",
                        "-c:a", "aac", "-ac:a:0", "2", "-ac:a:1", "1", "-c:s", "mov_text", "-metadata:s:a:0",
                        "language=eng", "-metadata:s:a:1", "language=fra", "-metadata:s:s:0", "language=eng"), dubbed);
            }
            Path bitmap = MEDIA.resolve(PARTS.get(BITMAP)[1]);
            if (!Files.exists(bitmap)) {
                Path sup = MEDIA.resolve(".subtitles/bar.sup");
                Files.createDirectories(sup.getParent());
                Files.write(sup, pgsBar(1920, 1080, 5_000, 7_000));
                MediaFixtures.ffmpeg(List.of("-i", MediaFixtures.videoStub(FILM_SECONDS).toString(), "-i",
                        sup.toString(), "-map", "0", "-map", "1", "-c", "copy", "-copyts", "-metadata:s:s:0",
                        "language=eng"),
                        bitmap);
            }
            Files.writeString(MEDIA.resolve(SIDECAR_FILE), "1\n00:00:01,000 --> 00:00:03,000\nSidecar line one\n\n"
                    + "2\n00:00:09,000 --> 00:00:10,500\nSidecar line two\n\n");
            Path longFilm = MEDIA.resolve(PARTS.get(LONG)[1]);
            if (!Files.exists(longFilm)) {
                MediaFixtures.remux(MediaFixtures.videoStub(LONG_SECONDS), longFilm, Map.of("title", "Long Film"));
            }
            for (var shaped : SHAPED.entrySet()) {
                Path dest = MEDIA.resolve(PARTS.get(shaped.getKey())[1]);
                if (!Files.exists(dest)) {
                    Files.createDirectories(dest.getParent());
                    Files.copy(MediaFixtures.film((MediaFixtures.KeyFrames) shaped.getValue()[0],
                            (String) shaped.getValue()[1]), dest);
                }
            }
            Path hevc = MEDIA.resolve(PARTS.get(HEVC)[1]);
            if (!Files.exists(hevc)) {
                MediaFixtures.ffmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i",
                        "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:v", "libx265", "-preset", "ultrafast",
                        "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2"), hevc);
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
    private static final Pattern STREAM = Pattern.compile("/internal/streams/(\\d+)");
    private static final Pattern ITEM_PARTS = Pattern.compile("/internal/items/(\\d+)/parts");
    private static final Pattern METADATA = Pattern.compile("/library/metadata/(\\d+)");
    private static final Pattern ALL_LEAVES = Pattern.compile("/library/metadata/(\\d+)/allLeaves");
    /** Containers: the album and the artist of the song. */
    public static final String ALBUM = "2005";
    public static final String ARTIST = "2004";
    /** How many allLeaves lookups library-service answered. */
    public static final AtomicInteger LEAVES_CALLS = new AtomicInteger();
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
        } else if ((m = STREAM.matcher(path)).matches()) {
            long stream = Long.parseLong(m.group(1));
            if (stream < SUBBED_VIDEO || stream > SIDECAR_SUB) {
                send(ex, 404, "{\"error\":\"not found\"}");
                return;
            }
            send(ex, 200, partJson(SUBBED));
        } else if ((m = ITEM_PARTS.matcher(path)).matches()) {
            Long id = byRatingKey(m.group(1));
            if (id == null || (!owner && !SHARED_WITH_USER.contains(id))) {
                send(ex, 404, "{\"error\":\"not found\"}");
                return;
            }
            send(ex, 200, "[" + partJson(id) + "]");
        } else if ((m = ALL_LEAVES.matcher(path)).matches()) {
            LEAVES_CALLS.incrementAndGet();
            String rk = m.group(1);
            Long leaf = byRatingKey(rk);
            if (rk.equals(ALBUM) || rk.equals(ARTIST)) {
                send(ex, 200, "{\"MediaContainer\":{\"size\":1,\"Metadata\":[{\"ratingKey\":\""
                        + PARTS.get(SONG)[0] + "\",\"type\":\"track\"}]}}");
            } else if (leaf != null && (owner || SHARED_WITH_USER.contains(leaf))) {
                send(ex, 200, "{\"MediaContainer\":{\"size\":0}}");
            } else {
                send(ex, 404, "{\"error\":\"not found\"}");
            }
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
                            + ",\"parentRatingKey\":\"" + ALBUM + "\",\"grandparentRatingKey\":\""
                            + ARTIST + "\"")
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
        return id == SONG ? 10_000 : id == HEVC ? 2_000 : id == LONG || SHAPED.containsKey(id) ? LONG_SECONDS * 1000L
                : FILM_SECONDS * 1000L;
    }

    /**
     * A PGS subtitle stream (the {@code .sup} of a Blu-ray rip): one opaque white 800×120 bar near the bottom of a
     * {@code width}×{@code height} picture, shown from {@code fromMs} and cleared at {@code toMs}. ffmpeg only
     * encodes bitmap subtitles from bitmaps, so the segments are written here as the format describes them.
     */
    static byte[] pgsBar(int width, int height, long fromMs, long toMs) {
        int barW = 800;
        int barH = 120;
        int x = (width - barW) / 2;
        int y = height - barH - 60;
        java.io.ByteArrayOutputStream rle = new java.io.ByteArrayOutputStream();
        for (int line = 0; line < barH; line++) {
            // a run of barW pixels of palette entry 1, then end of line
            rle.writeBytes(new byte[] {0, (byte) (0xC0 | (barW >> 8)), (byte) barW, 1, 0, 0});
        }
        byte[] pixels = rle.toByteArray();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long show = fromMs * 90;
        pgsSegment(out, show, 0x16, u16(width), u16(height), new byte[] {0x10}, u16(0),
                new byte[] {(byte) 0x80, 0, 0, 1}, u16(0), new byte[] {0, 0}, u16(x), u16(y));
        pgsSegment(out, show, 0x17, new byte[] {1, 0}, u16(x), u16(y), u16(barW), u16(barH));
        pgsSegment(out, show, 0x14, new byte[] {0, 0, 1, (byte) 235, (byte) 128, (byte) 128, (byte) 255});
        int length = pixels.length + 4;
        pgsSegment(out, show, 0x15, u16(0), new byte[] {0, (byte) 0xC0, (byte) (length >> 16), (byte) (length >> 8),
            (byte) length}, u16(barW), u16(barH), pixels);
        pgsSegment(out, show, 0x80);
        long clear = toMs * 90;
        pgsSegment(out, clear, 0x16, u16(width), u16(height), new byte[] {0x10}, u16(1), new byte[] {0, 0, 0, 0});
        pgsSegment(out, clear, 0x17, new byte[] {1, 0}, u16(x), u16(y), u16(barW), u16(barH));
        pgsSegment(out, clear, 0x80);
        return out.toByteArray();
    }

    private static void pgsSegment(java.io.ByteArrayOutputStream out, long pts, int type, byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        out.writeBytes(new byte[] {'P', 'G', (byte) (pts >> 24), (byte) (pts >> 16), (byte) (pts >> 8), (byte) pts,
            0, 0, 0, 0, (byte) type, (byte) (size >> 8), (byte) size});
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
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
        String streams;
        String subtitles = "[]";
        String media;
        if (id == DUBBED) {
            // As library-service describes it for a caller who chose the French track and the subtitle.
            streams = "[{\"id\":1091,\"index\":0,\"streamType\":1,\"codec\":\"h264\"},"
                    + "{\"id\":1092,\"index\":1,\"streamType\":2,\"codec\":\"aac\",\"language\":\"eng\","
                    + "\"channels\":2,\"selected\":false},"
                    + "{\"id\":" + DUBBED_FRENCH + ",\"index\":2,\"streamType\":2,\"codec\":\"aac\","
                    + "\"language\":\"fra\",\"channels\":1,\"selected\":true},"
                    + "{\"id\":" + DUBBED_SUB + ",\"index\":3,\"streamType\":3,\"codec\":\"mov_text\","
                    + "\"language\":\"eng\",\"selected\":true}]";
            media = ",\"bitrate\":8000,\"videoCodec\":\"h264\",\"videoProfile\":\"high\",\"width\":1920,"
                    + "\"height\":1080,\"frameRate\":30.0,\"audioCodec\":\"aac\",\"audioChannels\":2";
        } else if (id == HEVC) {
            streams = "[{\"id\":1081,\"index\":0,\"streamType\":1,\"codec\":\"hevc\"},"
                    + "{\"id\":1082,\"index\":1,\"streamType\":2,\"codec\":\"aac\"}]";
            media = ",\"bitrate\":300,\"videoCodec\":\"hevc\",\"videoProfile\":\"main\",\"width\":320,"
                    + "\"height\":240,\"frameRate\":30.0,\"audioCodec\":\"aac\",\"audioChannels\":2";
        } else if (video) {
            streams = "[{\"id\":" + (id * 10 + 1) + ",\"index\":0,\"streamType\":1,\"codec\":\"h264\"},"
                    + "{\"id\":" + (id * 10 + 2) + ",\"index\":1,\"streamType\":2,\"codec\":\"aac\","
                    + "\"language\":\"eng\"}"
                    + (id == SUBBED ? ",{\"id\":" + EMBEDDED_SUB + ",\"index\":2,\"streamType\":3,"
                            + "\"codec\":\"mov_text\",\"language\":\"eng\"}" : "")
                    + (id == BITMAP ? ",{\"id\":" + BITMAP_SUB + ",\"index\":2,\"streamType\":3,"
                            + "\"codec\":\"pgs\",\"language\":\"eng\"}" : "")
                    + "]";
            if (id == SUBBED) {
                subtitles = "[{\"id\":" + SIDECAR_SUB + ",\"file\":\"" + SIDECAR_FILE
                        + "\",\"format\":\"srt\",\"language\":\"eng\"}]";
            }
            media = ",\"bitrate\":8000,\"videoCodec\":\"h264\",\"videoProfile\":\"high\",\"width\":1920,"
                    + "\"height\":1080,\"frameRate\":30.0,\"audioCodec\":\"aac\",\"audioChannels\":2";
        } else {
            streams = "[{\"index\":0,\"streamType\":2,\"codec\":\"mp3\"}]";
            media = ",\"bitrate\":128,\"audioCodec\":\"mp3\",\"audioChannels\":2";
        }
        return "{\"partId\":" + id + ",\"ratingKey\":\"" + p[0] + "\",\"sectionId\":" + (video ? 1 : 2)
                + ",\"file\":\"" + p[1] + "\",\"size\":" + size + ",\"container\":\"" + p[4] + "\",\"durationMs\":"
                + duration(id) + media + ",\"streams\":" + streams + ",\"subtitles\":" + subtitles
                + ",\"someFutureField\":1}";
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
