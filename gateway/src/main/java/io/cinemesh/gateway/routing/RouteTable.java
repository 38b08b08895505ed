package io.cinemesh.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * Which service owns a Plex path (DESIGN.md, "Services"). The first rule that matches wins, so the byte-heavy
 * paths under {@code /library} are listed before library-service's catch-all. Paths no rule names (including
 * every {@code /internal} path) are never forwarded.
 */
public final class RouteTable {

    public static final String LIBRARY = "library-service";
    public static final String STREAM = "stream-service";
    public static final String USER = "user-service";

    private record Rule(String prefix, String service) {
        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule("/library/parts", STREAM),
            new Rule("/library/streams", STREAM),
            new Rule("/video/:/transcode", STREAM),
            new Rule("/audio/:/transcode", STREAM),
            new Rule("/music/:/transcode", STREAM),
            new Rule("/photo/:/transcode", STREAM),
            new Rule("/:/timeline", STREAM),
            new Rule("/status/sessions", STREAM),
            new Rule("/transcode/sessions", STREAM),
            new Rule("/library", LIBRARY),
            new Rule("/hubs", LIBRARY),
            new Rule("/playlists", LIBRARY),
            new Rule("/playQueues", LIBRARY),
            new Rule("/activities", LIBRARY),
            new Rule("/:/scrobble", LIBRARY),
            new Rule("/:/unscrobble", LIBRARY),
            new Rule("/:/progress", LIBRARY),
            new Rule("/:/rate", LIBRARY),
            new Rule("/accounts", USER),
            new Rule("/devices", USER),
            new Rule("/users/sign_in.json", USER),
            new Rule("/users/sign_in.xml", USER),
            new Rule("/api/v2", USER),
            new Rule("/admin", USER));

    /**
     * Paths that are forwarded without a token because they are how a client gets one. The service still
     * decides (user-service rate-limits sign-in per account and address).
     */
    private static final List<String> TOKENLESS = List.of("/api/v2/users/signin", "/users/sign_in.json",
            "/users/sign_in.xml");

    /**
     * A transcode session's playlists and segments, and its WebVTT subtitle rendition's. Players follow the master
     * playlist's relative URIs without the token it was fetched with; the session id (a random UUID that only the token holder was given) is the
     * permission, and stream-service serves these paths on it alone.
     */
    private static final java.util.regex.Pattern SESSION_MEDIA = java.util.regex.Pattern.compile(
            "/(video|audio|music)/:/transcode/universal/session/[0-9a-fA-F-]{36}/"
                    + "(base/(index\\.m3u8|\\d+\\.ts)|subtitles/(index\\.m3u8|\\d+\\.vtt))");

    /**
     * {@code PUT /library/parts/{id}} (a user's audio/subtitle choice) is library-service's: it owns the streams.
     * A part's bytes always have two more segments ({@code /{changestamp}/{file}}), so the bare id never is.
     */
    private static final java.util.regex.Pattern PART_STREAM_SELECTION = java.util.regex.Pattern.compile(
            "/library/parts/\\d+");

    private RouteTable() {
    }

    public static boolean needsNoToken(String path) {
        return TOKENLESS.contains(path) || SESSION_MEDIA.matcher(path).matches();
    }

    /**
     * The route a forwarded path took, as metrics and traces name it: the rule's prefix, never the ids, session
     * ids or names after it (each would be a metric series of its own, and session ids are permissions).
     */
    public static String template(String path) {
        if (PART_STREAM_SELECTION.matcher(path).matches()) {
            return "/library/parts/{id}";
        }
        for (Rule rule : RULES) {
            if (rule.matches(path)) {
                return path.equals(rule.prefix()) ? rule.prefix() : rule.prefix() + "/{path}";
            }
        }
        return "/{path}";
    }

    /** The service that serves a normalised path, if any. */
    public static Optional<String> serviceFor(String path) {
        if (PART_STREAM_SELECTION.matcher(path).matches()) {
            return Optional.of(LIBRARY);
        }
        for (Rule rule : RULES) {
            if (rule.matches(path)) {
                return Optional.of(rule.service());
            }
        }
        return Optional.empty();
    }
}
