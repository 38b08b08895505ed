package io.cinemesh.tokens;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The address a request came from, for the audit log and rate limits. Behind the gateway that is the first
 * {@code X-Forwarded-For} entry the gateway set; otherwise the connection's peer.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpHeaders headers, HttpServerRequest request) {
        String forwarded = headers == null ? null : headers.getHeaderString("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            int comma = forwarded.indexOf(',');
            return (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
        }
        return request == null || request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
