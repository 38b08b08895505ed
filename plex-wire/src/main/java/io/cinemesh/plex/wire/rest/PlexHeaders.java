package io.cinemesh.plex.wire.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The X-Plex-* values a player sends: as headers, or as query parameters of the same name, since players put them
 * in the URLs of streams and images where they cannot set headers. The header wins; a blank value is none.
 */
public final class PlexHeaders {

    public static final String TOKEN = "X-Plex-Token";
    public static final String CLIENT_IDENTIFIER = "X-Plex-Client-Identifier";

    private PlexHeaders() {
    }

    /** The value of {@code name}, or null. */
    public static String of(HttpServerRequest request, String name) {
        return present(request.getHeader(name), () -> request.getParam(name));
    }

    /** The value of {@code name}, or null. */
    public static String of(ContainerRequestContext request, String name) {
        return present(request.getHeaderString(name),
                () -> request.getUriInfo().getQueryParameters().getFirst(name));
    }

    /** The caller's token, or null. */
    public static String token(HttpServerRequest request) {
        return of(request, TOKEN);
    }

    /** The caller's token, or null. */
    public static String token(ContainerRequestContext request) {
        return of(request, TOKEN);
    }

    private static String present(String header, java.util.function.Supplier<String> query) {
        if (header != null && !header.isBlank()) {
            return header;
        }
        String v = query.get();
        return v == null || v.isBlank() ? null : v;
    }
}
