package io.cinemesh.tokens.telemetry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Blanks the values of credential query parameters in a URL or query string before it is recorded anywhere
 * (spans, logs, metrics). Players put {@code X-Plex-Token} in stream and image URLs, and Subsonic clients send
 * {@code p} (password), {@code t}/{@code s} (salted token and its salt) or {@code apiKey} in every query.
 */
public final class SecretQuery {

    public static final String REDACTED = "REDACTED";

    /** Lower-cased parameter names whose values are credentials. */
    static final Set<String> SECRET_NAMES = Set.of("x-plex-token", "p", "t", "s", "apikey");

    private SecretQuery() {
    }

    public static boolean isSecret(String name) {
        return name != null && SECRET_NAMES.contains(decode(name).toLowerCase(Locale.ROOT));
    }

    /** A query string ({@code a=1&X-Plex-Token=...}) with every secret value replaced; null stays null. */
    public static String redactQuery(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length());
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            String pair = query.substring(start, end);
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (start > 0) {
                out.append('&');
            }
            out.append(eq >= 0 && isSecret(name) ? name + "=" + REDACTED : pair);
            start = end + 1;
        }
        return out.toString();
    }

    /** A URL or request target (absolute, or a path with a query) with the query's secrets replaced. */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        int hash = url.indexOf('#', q);
        String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
        return url.substring(0, q + 1) + redactQuery(query) + (hash < 0 ? "" : url.substring(hash));
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }
}
