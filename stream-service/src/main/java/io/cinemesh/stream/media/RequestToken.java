package io.cinemesh.stream.media;

import io.vertx.core.http.HttpServerRequest;

/** The caller's own token, to forward to library-service so that shares are enforced there. */
public final class RequestToken {

    private RequestToken() {
    }

    public static String of(HttpServerRequest request) {
        String token = request.getHeader("X-Plex-Token");
        if (token == null || token.isEmpty()) {
            token = request.getParam("X-Plex-Token");
        }
        return token;
    }

    /** A client header, also accepted as a query parameter (players put X-Plex-* in URLs). */
    public static String header(HttpServerRequest request, String name) {
        String v = request.getHeader(name);
        if (v == null || v.isEmpty()) {
            v = request.getParam(name);
        }
        return v == null || v.isEmpty() ? null : v;
    }
}
