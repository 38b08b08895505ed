package io.cinemesh.gateway.routing;

import io.cinemesh.gateway.config.CorsConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for every path the gateway answers, its own and the proxied ones: a browser page may read an answer only
 * when its origin is the server's own or a configured one ({@link CorsConfig}), and a request from any other
 * origin is refused outright, because a token-less client on an allowed network acts as the owner and a page
 * it visits must not be able to act through it (not even with a request the browser sends without asking).
 * Plex's native clients send no {@code Origin} and are not affected.
 */
@ApplicationScoped
public class CorsRoutes {

    static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String EXPOSED = "X-Plex-Container-Start, X-Plex-Container-Total-Size, Content-Range, "
            + "Accept-Ranges";

    private final Set<String> origins;

    @Inject
    public CorsRoutes(CorsConfig config) {
        this.origins = config.origins().stream().map(CorsRoutes::normalise).filter(o -> !o.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (origins.contains("*")) {
            throw new IllegalArgumentException("cinemesh.cors.origins: '*' is not allowed; list the origins");
        }
    }

    void install(@Observes Router router) {
        // Before the notification routes (-20) and the proxy (-10), so that no answer leaves without this check.
        router.route().order(-30).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest in = ctx.request();
        String origin = in.getHeader(HttpHeaders.ORIGIN);
        HttpServerResponse out = ctx.response();
        // Answers differ by Origin: a shared cache must not hand one origin's answer to another.
        out.headers().add(HttpHeaders.VARY, "Origin");
        if (origin == null) {
            ctx.next();
            return;
        }
        if (!allowed(origin, in)) {
            PlexProxy.refuse(ctx, 403, "Forbidden", "Requests from origin " + printable(origin)
                    + " are not allowed; add it to CINEMESH_CORS_ORIGINS if it is a Plex web client you trust");
            return;
        }
        out.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        boolean preflight = in.method() == HttpMethod.OPTIONS
                && in.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
        if (!preflight) {
            out.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
            ctx.next();
            return;
        }
        out.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
        String asked = in.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        if (asked != null && !asked.isBlank()) {
            // Plex clients send a dozen X-Plex-* headers; the origin is trusted, so whatever it asks for is fine.
            out.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, asked);
        }
        out.putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
        out.setStatusCode(204).end();
    }

    boolean allowed(String origin, HttpServerRequest in) {
        String o = normalise(origin);
        return origins.contains(o) || sameOrigin(o, in.authority() == null ? null : in.authority().toString());
    }

    /**
     * The server's own pages: the origin names the host (and port) the request was sent to. The scheme is not
     * compared, since TLS may end in front of the gateway.
     */
    static boolean sameOrigin(String origin, String authority) {
        if (authority == null || authority.isEmpty()) {
            return false;
        }
        try {
            URI o = new URI(origin);
            URI a = new URI(o.getScheme() == null ? "http" : o.getScheme(), authority, null, null, null);
            if (o.getHost() == null || a.getHost() == null) {
                return false;
            }
            return o.getHost().equalsIgnoreCase(a.getHost()) && port(o) == port(a);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String normalise(String origin) {
        String s = origin.strip().toLowerCase(Locale.ROOT);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The origin as it may appear in an answer: no markup, bounded. */
    private static String printable(String origin) {
        String s = origin.replaceAll("[^A-Za-z0-9:/._\\-\\[\\]]", "?");
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
