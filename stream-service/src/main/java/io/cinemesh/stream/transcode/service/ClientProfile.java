package io.cinemesh.stream.transcode.service;

import jakarta.ws.rs.BadRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a client can play, as PMS models it: direct play profiles (container + codecs it opens as files), the
 * HLS streaming transcode target (codecs it decodes inside MPEG-TS, and the subtitle formats it shows beside
 * them) and limitations (e.g. no H.264 above 480 lines). It starts from a per-platform default and is then
 * augmented by the client's {@code X-Plex-Client-Profile-Extra}: {@code add-limitation(…)},
 * {@code add-transcode-target(…)}, {@code append-transcode-target-codec(…)}, {@code add-direct-play-profile(…)}
 * joined with {@code +}, each with URL-encoded {@code key=value&…} arguments.
 */
public final class ClientProfile {

    /** Container and codecs a client opens as a file. An empty set matches anything. */
    public record DirectPlayProfile(Set<String> containers, Set<String> videoCodecs, Set<String> audioCodecs) {

        boolean matches(String container, String video, String audio) {
            return any(containers, container) && any(videoCodecs, video) && any(audioCodecs, audio);
        }

        private static boolean any(Set<String> allowed, String value) {
            return allowed.isEmpty() || value == null || allowed.contains(value);
        }
    }

    /** A bound on a property of a stream, scoped to one codec or to all ({@code scopeName=*}). */
    public record Limitation(String scope, String scopeName, String type, String name, String value) {

        boolean appliesTo(String scopeKind, String codec) {
            return scope.equals(scopeKind) && ("*".equals(scopeName) || scopeName.equals(codec));
        }

        /** Whether {@code actual} satisfies this limitation; an unknown actual value does. */
        boolean allows(String actual) {
            if (actual == null) {
                return true;
            }
            switch (type) {
                case "upperBound", "lowerBound" -> {
                    try {
                        double a = Double.parseDouble(actual);
                        double v = Double.parseDouble(value);
                        return "upperBound".equals(type) ? a <= v : a >= v;
                    } catch (NumberFormatException e) {
                        return true;
                    }
                }
                case "match" -> {
                    return List.of(value.toLowerCase(Locale.ROOT).split("\\|")).contains(
                            actual.toLowerCase(Locale.ROOT));
                }
                case "notMatch" -> {
                    return !List.of(value.toLowerCase(Locale.ROOT).split("\\|")).contains(
                            actual.toLowerCase(Locale.ROOT));
                }
                default -> {
                    return true;
                }
            }
        }

        String describe() {
            return name + " " + switch (type) {
                case "upperBound" -> "at most " + value;
                case "lowerBound" -> "at least " + value;
                case "match" -> "one of " + value;
                default -> "not " + value;
            };
        }
    }

    private final String name;
    private final List<DirectPlayProfile> directPlay = new ArrayList<>();
    private final Set<String> hlsVideo = new LinkedHashSet<>();
    private final Set<String> hlsAudio = new LinkedHashSet<>();
    private final Set<String> hlsSubtitles = new LinkedHashSet<>();
    /** Subtitle formats the client shows itself beside a file it plays directly (sidecar or embedded). */
    private final Set<String> directPlaySubtitles = new LinkedHashSet<>();
    private final List<Limitation> limitations = new ArrayList<>();

    private ClientProfile(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * The built-in profile for a platform ({@code X-Plex-Client-Platform}, else {@code X-Plex-Platform}). An
     * unknown platform gets the generic one: H.264/AAC in MP4 only, and subtitles burned in, which every screen
     * shows.
     */
    public static ClientProfile forPlatform(String platform) {
        String p = platform == null ? "" : platform.trim().toLowerCase(Locale.ROOT);
        ClientProfile c;
        switch (p) {
            case "chrome", "firefox", "edge", "microsoft edge", "opera", "web", "plex web" -> {
                // Browsers through Media Source Extensions: no HEVC in Chrome/Firefox.
                c = new ClientProfile("Web (" + p + ")");
                c.directPlay.add(dp("mp4,m4v,mov", "h264,vp9,av1", "aac,mp3,opus,flac"));
                c.directPlay.add(dp("webm", "vp8,vp9,av1", "opus,vorbis"));
                c.hls("h264", "aac,mp3", "webvtt");
                c.directPlaySubtitles.addAll(codecs("srt,webvtt"));
            }
            case "safari", "ios", "tvos", "macos", "osx" -> {
                c = new ClientProfile("Apple (" + p + ")");
                c.directPlay.add(dp("mp4,m4v,mov", "h264,hevc", "aac,mp3,ac3,eac3,alac"));
                c.hls("h264,hevc", "aac,mp3,ac3,eac3", "webvtt");
                c.directPlaySubtitles.addAll(codecs("srt,webvtt,mov_text"));
            }
            case "android", "android tv", "roku", "tizen", "webos", "lg", "samsung", "windows", "xbox", "playstation",
                    "plex for windows", "plex htpc", "linux", "kodi", "konvergo" -> {
                c = new ClientProfile("Player app (" + p + ")");
                c.directPlay.add(dp("mp4,m4v,mov,mkv,ts,webm", "h264,hevc,vp9,mpeg4,mpeg2video",
                        "aac,mp3,ac3,eac3,flac,opus,vorbis"));
                c.hls("h264,hevc", "aac,mp3,ac3,eac3", "webvtt");
                c.directPlaySubtitles.addAll(codecs("srt,webvtt,ass,mov_text,pgs,dvd_subtitle"));
            }
            default -> {
                c = new ClientProfile("Generic");
                c.directPlay.add(dp("mp4,m4v,mov", "h264", "aac,mp3"));
                c.hls("h264", "aac,mp3", "");
            }
        }
        return c;
    }

    private void hls(String video, String audio, String subtitles) {
        hlsVideo.addAll(codecs(video));
        hlsAudio.addAll(codecs(audio));
        hlsSubtitles.addAll(codecs(subtitles));
    }

    private static DirectPlayProfile dp(String containers, String video, String audio) {
        return new DirectPlayProfile(codecs(containers), codecs(video), codecs(audio));
    }

    /** Applies {@code X-Plex-Client-Profile-Extra}; 400 with the offending part when it does not parse. */
    public ClientProfile augment(String extra) {
        if (extra == null || extra.isBlank()) {
            return this;
        }
        for (String directive : split(extra.trim())) {
            int open = directive.indexOf('(');
            if (open <= 0 || !directive.endsWith(")")) {
                throw new BadRequestException("X-Plex-Client-Profile-Extra: expected name(key=value&…), not '"
                        + directive + "'");
            }
            String verb = directive.substring(0, open).trim();
            Map<String, String> args = args(directive.substring(open + 1, directive.length() - 1));
            String type = args.getOrDefault("type", "videoProfile");
            boolean video = "videoProfile".equals(type);
            // Subtitle targets are written for every context ("all"), as in Plex's own profiles.
            boolean hls = "hls".equals(args.getOrDefault("protocol", "hls"))
                    && Set.of("streaming", "all").contains(args.getOrDefault("context", "streaming"));
            switch (verb) {
                case "add-limitation" -> limitation(args);
                case "add-transcode-target" -> {
                    if (video && hls) {
                        hlsVideo.clear();
                        hlsAudio.clear();
                        hlsSubtitles.clear();
                        hls(args.getOrDefault("videoCodec", ""), args.getOrDefault("audioCodec", ""),
                                args.getOrDefault("subtitleCodec", ""));
                    } else if ("subtitleProfile".equals(type) && hls) {
                        // A subtitle format the player shows beside the stream: it takes nothing else away.
                        hls("", "", args.getOrDefault("subtitleCodec", ""));
                    }
                }
                case "append-transcode-target-codec", "add-transcode-target-audio-codec" -> {
                    if (video && hls) {
                        hls(args.getOrDefault("videoCodec", ""), args.getOrDefault("audioCodec", ""),
                                args.getOrDefault("subtitleCodec", ""));
                    }
                }
                case "add-direct-play-profile" -> {
                    if (video) {
                        directPlay.add(dp(args.getOrDefault("container", ""), args.getOrDefault("videoCodec", ""),
                                args.getOrDefault("audioCodec", "")));
                        directPlaySubtitles.addAll(codecs(args.getOrDefault("subtitleCodec", "")));
                    }
                }
                default -> {
                    // Augmentations this server does not model (settings, DASH targets …) change nothing here,
                    // as unknown parameters change nothing anywhere in the API.
                }
            }
        }
        return this;
    }

    private void limitation(Map<String, String> a) {
        // Plex's profiles write a match's choices as list=a|b, a bound as value=
        if (!a.containsKey("value") && a.containsKey("list")) {
            a.put("value", a.get("list"));
        }
        for (String k : List.of("scope", "scopeName", "type", "name", "value")) {
            if (!a.containsKey(k) || a.get(k).isBlank()) {
                throw new BadRequestException("X-Plex-Client-Profile-Extra: add-limitation needs " + k);
            }
        }
        if (!Set.of("upperBound", "lowerBound", "match", "notMatch").contains(a.get("type"))) {
            throw new BadRequestException("X-Plex-Client-Profile-Extra: limitation type must be upperBound, "
                    + "lowerBound, match or notMatch, not '" + a.get("type") + "'");
        }
        Limitation l = new Limitation(a.get("scope"), normalise(a.get("scopeName")), a.get("type"), a.get("name"),
                a.get("value"));
        if ("true".equals(a.get("replace"))) {
            limitations.removeIf(o -> o.scope().equals(l.scope()) && o.scopeName().equals(l.scopeName())
                    && o.name().equals(l.name()));
        }
        limitations.add(l);
    }

    /** Splits on the {@code +} between directives (never inside their parentheses). */
    private static List<String> split(String extra) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder b = new StringBuilder();
        for (char ch : extra.toCharArray()) {
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            }
            if ((ch == '+' || ch == ' ') && depth == 0) {
                // a '+' that came through a query string arrives as a space
                if (!b.isEmpty()) {
                    parts.add(b.toString());
                }
                b.setLength(0);
            } else {
                b.append(ch);
            }
        }
        if (!b.isEmpty()) {
            parts.add(b.toString());
        }
        return parts;
    }

    private static Map<String, String> args(String body) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                args.put(k.trim(), URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8).trim());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("X-Plex-Client-Profile-Extra: bad escape in '" + pair + "'");
            }
        }
        return args;
    }

    static Set<String> codecs(String list) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : list.split(",")) {
            if (!c.isBlank()) {
                out.add(normalise(c));
            }
        }
        return out;
    }

    /** One name per format: ffprobe's, PMS profiles' and file extensions' spellings meet here. */
    public static String normalise(String codec) {
        if (codec == null) {
            return null;
        }
        String c = codec.trim().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "h265", "x265", "hev1", "hvc1" -> "hevc";
            case "avc", "avc1", "x264" -> "h264";
            case "subrip" -> "srt";
            case "vtt" -> "webvtt";
            case "ssa" -> "ass";
            case "hdmv_pgs_subtitle", "pgssub" -> "pgs";
            case "dvdsub", "vobsub" -> "dvd_subtitle";
            case "matroska", "matroska,webm" -> "mkv";
            case "mpegts" -> "ts";
            case "mov,mp4,m4a,3gp,3g2,mj2" -> "mp4";
            default -> c;
        };
    }

    /** Whether a direct play profile fits the file. */
    boolean directPlays(String container, String video, String audio) {
        return directPlay.stream().anyMatch(d -> d.matches(normalise(container), normalise(video),
                normalise(audio)));
    }

    boolean streamsVideo(String codec) {
        return hlsVideo.contains(normalise(codec));
    }

    boolean streamsAudio(String codec) {
        return hlsAudio.isEmpty() || hlsAudio.contains(normalise(codec));
    }

    boolean showsSubtitles(String codec) {
        return hlsSubtitles.contains(normalise(codec));
    }

    boolean showsDirectPlaySubtitles(String codec) {
        return directPlaySubtitles.contains(normalise(codec));
    }

    /** The first limitation on {@code scope}/{@code codec} that {@code properties} break, or null. */
    Limitation broken(String scope, String codec, Map<String, String> properties) {
        String c = normalise(codec);
        for (Limitation l : limitations) {
            if (l.appliesTo(scope, c) && properties.containsKey(l.name()) && !l.allows(properties.get(l.name()))) {
                return l;
            }
        }
        return null;
    }

    /** The tightest upper bound on {@code name} for {@code codec}'s video, or null. */
    Integer videoUpperBound(String codec, String name) {
        Integer bound = null;
        for (Limitation l : limitations) {
            if (l.appliesTo("videoCodec", normalise(codec)) && l.name().equals(name) && "upperBound".equals(l.type())) {
                try {
                    int v = (int) Double.parseDouble(l.value());
                    bound = bound == null ? v : Math.min(bound, v);
                } catch (NumberFormatException ignored) {
                    // not a number: not a bound this server can apply
                }
            }
        }
        return bound;
    }
}
