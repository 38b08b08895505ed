package io.cinemesh.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Sends a seeded stream of hostile Plex requests to a running service and reports every answer a client must
 * never see: a 5xx, a stack trace, an exception's class name, or the caller's own token echoed back. Requests are
 * built from the service's own route templates ({@code {id}} slots get ids, near-ids and junk), its parameter
 * names (with numbers, dates, huge and negative values, quotes, SQL, percent garbage and long strings) and the
 * headers Plex clients send. They are written on a raw socket, so malformed escapes and odd bytes reach the
 * server exactly as an attacker would send them; the same seed replays the same requests.
 */
public final class PlexRequestFuzzer {

    /** One request as sent, for the report. */
    public record Sent(String method, String target, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return method + " " + target + " " + headers + (body.isEmpty() ? "" : " body " + body);
        }
    }

    /** What came back when it should not have. */
    public record Finding(Sent request, int status, String why, String bodyStart) {
    }

    /** A run's totals: what SECURITY.md records. */
    public record Report(int sent, Map<Integer, Integer> statuses, List<Finding> findings) {
        public String summary() {
            return sent + " requests, statuses " + statuses + ", " + findings.size() + " findings";
        }
    }

    private static final List<String> METHODS = List.of("GET", "GET", "GET", "GET", "PUT", "POST", "DELETE",
            "HEAD", "OPTIONS", "PATCH");
    private static final List<String> PLEX_PARAMS = List.of("X-Plex-Token", "X-Plex-Client-Identifier",
            "X-Plex-Product", "X-Plex-Platform", "X-Plex-Device", "X-Plex-Container-Start", "X-Plex-Container-Size",
            "includeMeta", "includeGuids", "includeChildren", "type", "sort", "limit", "offset", "query", "title",
            "uri", "key", "ratingKey", "id", "playQueueID", "time", "duration", "state", "session", "path", "url",
            "width", "height", "format", "protocol", "directPlay", "directStream", "videoResolution",
            "maxVideoBitrate", "offset", "subtitleStreamID", "audioStreamID", "year", "genre", "collection",
            "contentRating", "accountID", "viewedAt>", "viewedAt<", "sectionId", "smart", "shuffle", "repeat",
            "continuous", "identifier", "rating", "name", "password", "pin", "email", "librarySectionIds",
            "filterMovies", "allowSync", "restricted", "login", "user", "filter", "start", "size", "since");
    private static final List<String> HEADERS = List.of("X-Plex-Client-Identifier", "X-Plex-Product",
            "X-Plex-Platform", "X-Plex-Device-Name", "X-Plex-Session-Identifier", "X-Plex-Container-Start",
            "X-Plex-Container-Size", "X-Plex-Client-Profile-Extra", "X-Plex-Pin", "Range", "If-Range", "Accept",
            "Accept-Language", "Origin", "X-Forwarded-For", "Content-Type", "Authorization", "Cookie");

    private final Random random;
    private final List<String> routes;
    private final List<String> params;
    private final List<String> ids;
    private final String token;
    private boolean tokenMayAppear;

    /**
     * @param routes the service's paths, with {@code {name}} slots for ids
     * @param extraParams parameter names this service reads beyond the common Plex ones
     * @param ids ids that name real things in the service under test (most slots get one of these)
     * @param token a valid token, sent in most requests (in the header or the query, as clients do)
     */
    public PlexRequestFuzzer(long seed, List<String> routes, List<String> extraParams, List<String> ids,
            String token) {
        this.random = new Random(seed);
        this.routes = routes;
        this.params = new ArrayList<>(PLEX_PARAMS);
        this.params.addAll(extraParams);
        this.ids = ids;
        this.token = token;
    }

    /** Endpoints that hand a token out on purpose (sign-in, account): the echo check is off. */
    public PlexRequestFuzzer allowTokenInAnswers() {
        this.tokenMayAppear = true;
        return this;
    }

    /** The first findings, each with its request and the start of its answer: a failing test's message. */
    public static String describe(List<Finding> findings) {
        StringBuilder b = new StringBuilder(findings.size() + " bad answers, e.g.:");
        findings.stream().limit(15).forEach(f -> b.append('\n').append(f.status()).append(' ').append(f.why())
                .append(" <- ").append(f.request()).append("\n   ").append(f.bodyStart()));
        return b.toString();
    }

    /** Sends {@code count} requests to {@code host:port} and checks each answer. */
    public Report run(String host, int port, int count) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sent sent = next();
            Answer a = send(host, port, sent);
            statuses.merge(a.status, 1, Integer::sum);
            String why = problem(a);
            if (why != null) {
                findings.add(new Finding(sent, a.status, why, a.body.substring(0, Math.min(400, a.body.length()))));
            }
        }
        return new Report(count, statuses, findings);
    }

    Sent next() {
        String method = pick(METHODS);
        StringBuilder path = new StringBuilder();
        String route = pick(routes);
        int i = 0;
        while (i < route.length()) {
            int open = route.indexOf('{', i);
            if (open < 0) {
                path.append(route, i, route.length());
                break;
            }
            path.append(route, i, open);
            // Raw characters stay (servers meet them), but never a space: it would end the request-target, and a
            // request line the codec refuses is answered and closed before its body is read, which the client
            // sees as a reset, not as an answer to judge.
            path.append(idLike().replace(" ", "%20"));
            i = route.indexOf('}', open) + 1;
        }
        if (random.nextInt(20) == 0) {
            path.append(pick(List.of("/", "//", "/..", "/%2e%2e/%2e%2e/etc/passwd", "/%00", ";x=1", "/.json")));
        }
        Map<String, String> query = new LinkedHashMap<>();
        int n = random.nextInt(6);
        for (int k = 0; k < n; k++) {
            String name = random.nextInt(12) == 0 ? junk(8) : pick(params);
            if (random.nextInt(8) == 0) {
                name += pick(List.of("!", ">", "<", ">>", "<<", "%3E", "="));
            }
            query.put(name, value());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int tokenPlace = random.nextInt(10);
        if (tokenPlace < 5) {
            headers.put("X-Plex-Token", token);
        } else if (tokenPlace < 8) {
            query.put("X-Plex-Token", token);
        } else if (tokenPlace == 8) {
            headers.put("X-Plex-Token", junk(20));
        }
        int h = random.nextInt(4);
        for (int k = 0; k < h; k++) {
            headers.put(pick(HEADERS), headerValue());
        }
        if (random.nextBoolean()) {
            headers.put("Accept", "application/json");
        }
        StringBuilder target = new StringBuilder(path);
        String sep = "?";
        for (Map.Entry<String, String> e : query.entrySet()) {
            target.append(sep).append(queryPart(e.getKey())).append('=').append(queryPart(e.getValue()));
            sep = "&";
        }
        String body = "";
        if (List.of("PUT", "POST", "PATCH").contains(method) && random.nextBoolean()) {
            body = body(headers);
        }
        return new Sent(method, target.toString(), headers, body);
    }

    /** A JSON object of the service's own field names with values of every type, a form, or junk. */
    private String body(Map<String, String> headers) {
        int kind = random.nextInt(4);
        if (kind == 3) {
            headers.put("Content-Type", pick(List.of("application/json", "application/x-www-form-urlencoded",
                    "text/plain", "application/xml")));
            return pick(List.of("{", "[]", "null", "{\"a\":", "<x>", "\u0000", "{\"id\":1e999}", junk(40)));
        }
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(5);
        if (kind == 2) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : "&").append(queryPart(pick(params))).append('=').append(queryPart(value()));
            }
            return b.toString();
        }
        headers.put("Content-Type", "application/json");
        b.append('{');
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(pick(params).replace("\"", "")).append("\":")
                    .append(jsonValue());
        }
        return b.append('}').toString();
    }

    private String jsonValue() {
        return switch (random.nextInt(9)) {
            case 0 -> String.valueOf(random.nextInt(50));
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> "true";
            case 3 -> "null";
            case 4 -> "[" + random.nextInt(30) + ",\"x\",null]";
            case 5 -> "{\"x\":1}";
            case 6 -> random.nextBoolean() ? "1.5e300" : "\"nul\\u0000byte\"";
            case 7 -> "\"" + pick(ids) + "\"";
            default -> "\"" + junk(12).replace("\\", "").replace("\"", "") + "\"";
        };
    }

    private String idLike() {
        return switch (random.nextInt(14)) {
            case 0, 1, 2, 3, 4 -> pick(ids);
            case 5 -> "0";
            case 6 -> "-1";
            case 7 -> "99999999999999999999";
            case 8 -> "9223372036854775807";
            case 9 -> "%2e%2e";
            case 10 -> "abc";
            case 11 -> "1.5";
            case 12 -> "%00";
            default -> junk(6);
        };
    }

    private String value() {
        return switch (random.nextInt(20)) {
            case 0, 1, 2, 3 -> String.valueOf(random.nextInt(100));
            case 4 -> String.valueOf(random.nextLong());
            case 5 -> "-" + random.nextInt(1000);
            case 6 -> "99999999999999999999999";
            case 7 -> "' OR 1=1 --";
            case 8 -> "\"; DROP TABLE item; --";
            case 9 -> "%";
            case 10 -> "%zz";
            case 11 -> "1e309";
            case 12 -> "NaN";
            case 13 -> "";
            case 14 -> "x".repeat(1 + random.nextInt(3000));
            case 15 -> pick(List.of("library://x/item/%2Flibrary%2Fmetadata%2F", "/library/metadata/",
                    "/library/parts/", "server://x/com.plexapp.plugins.library/library/metadata/")) + pick(ids);
            case 16 -> "/../../etc/passwd";
            case 17 -> "-30d";
            case 18 -> random.nextBoolean() ? "Amélie\u2603" : "nul\u0000byte";
            default -> junk(10);
        };
    }

    private String headerValue() {
        return switch (random.nextInt(8)) {
            case 0 -> "bytes=" + random.nextInt(100) + "-" + (random.nextInt(200) - 50);
            case 1 -> "bytes=-0,5-1,999999999999999999999-";
            case 2 -> "application/xml";
            case 3 -> "add-transcode-target(type=videoProfile&context=streaming&protocol=hls&videoCodec=h264)";
            case 4 -> "1.2.3.4, 10.0.0.1";
            case 5 -> "x".repeat(1 + random.nextInt(2000));
            default -> junk(12).replaceAll("[\\r\\n]", "");
        };
    }

    private String junk(int max) {
        String alphabet = "aZ09%&=+?#/\\.'\";<>{}[]|`~!@$^*()- _é\u2603";
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(max);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Mostly well encoded, sometimes raw: servers meet both. Never a space or a line break (the request line). */
    private String queryPart(String s) {
        if (random.nextInt(6) == 0) {
            return s.replace(" ", "%20").replace("#", "%23").replace("\u2603", "%E2%98%83").replace("é", "%C3%A9")
                    .replace("&", "%26");
        }
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private String problem(Answer a) {
        if (a.status >= 500 && !(a.status == 503 && a.headers.containsKey("retry-after"))) {
            return "server error " + a.status;
        }
        if (a.status == 0) {
            return "no HTTP answer";
        }
        String b = a.body;
        if (b.contains("\tat ") || b.contains("Exception") || b.contains("at io.cinemesh")
                || b.contains("at java.") || b.contains("org.hibernate") || b.contains("io.vertx")) {
            return "a stack trace or exception name in the body";
        }
        if (!tokenMayAppear && token != null && !token.isEmpty() && b.contains(token)) {
            return "the caller's token in the body";
        }
        return null;
    }

    private static Answer send(String host, int port, Sent sent) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder();
            req.append(sent.method).append(' ').append(sent.target).append(" HTTP/1.1\r\n");
            req.append("Host: ").append(host).append(':').append(port).append("\r\n");
            for (Map.Entry<String, String> h : sent.headers.entrySet()) {
                req.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            byte[] body = sent.body.getBytes(StandardCharsets.UTF_8);
            if (List.of("PUT", "POST", "PATCH").contains(sent.method)) {
                req.append("Content-Length: ").append(body.length).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            // One write, as clients send a small request: a body that arrives after the server has answered and
            // closed would be met with a reset.
            java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
            whole.write(req.toString().getBytes(StandardCharsets.UTF_8));
            whole.write(body);
            out.write(whole.toByteArray());
            out.flush();
            return read(s.getInputStream(), sent.method.equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException("the server dropped " + sent, e);
        }
    }

    private static Answer read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        int end = -1;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = 0;
        // Connection: close — the answer ends where the stream does; bodies are small except part bytes, and an
        // event stream never ends, so it is judged by its head alone.
        while ((n = in.read(buf)) > 0 && all.size() < 4_000_000) {
            all.write(buf, 0, n);
            if (end < 0) {
                String text = all.toString(StandardCharsets.ISO_8859_1);
                end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    if (!text.startsWith("HTTP/1.")) {
                        return new Answer(0, Map.of(), text);
                    }
                    String[] lines = text.substring(0, end).split("\r\n");
                    status = Integer.parseInt(lines[0].split(" ")[1]);
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        if (colon > 0) {
                            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                    lines[i].substring(colon + 1).trim());
                        }
                    }
                    if (head || headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
                        return new Answer(status, headers, "");
                    }
                }
            }
        }
        if (end < 0) {
            return new Answer(0, Map.of(), all.toString(StandardCharsets.ISO_8859_1));
        }
        String body = new String(all.toByteArray(), end + 4, all.size() - end - 4, StandardCharsets.UTF_8);
        return new Answer(status, headers, body);
    }
}
