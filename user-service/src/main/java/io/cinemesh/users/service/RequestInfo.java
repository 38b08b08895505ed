package io.cinemesh.users.service;

import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.tokens.ClientAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Where a request came from, for the audit log, throttling and devices. Header values are cut to a sane length
 * so that a client cannot fill the tables with them.
 */
public record RequestInfo(String from, String clientIdentifier, String deviceName, String product, String platform) {

    public static RequestInfo of(HttpHeaders headers, HttpServerRequest request) {
        return new RequestInfo(cut(ClientAddress.of(headers, request), 64), header(headers, request,
                "X-Plex-Client-Identifier"), header(headers, request, "X-Plex-Device-Name"),
                header(headers, request, "X-Plex-Product"), header(headers, request, "X-Plex-Platform"));
    }

    /** From the header, or the query parameter of the same name (players put X-Plex-* in URLs too). */
    private static String header(HttpHeaders headers, HttpServerRequest request, String name) {
        String v = request != null ? PlexHeaders.of(request, name)
                : headers == null ? null : headers.getHeaderString(name);
        return v == null || v.isBlank() ? null : cut(v.strip(), 200);
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
