package io.cinemesh.tokens;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The address a request came from, for the audit log and rate limits: the connection's peer, unless that peer is
 * a trusted proxy hop ({@link TrustedProxies}); then {@code X-Forwarded-For} is read from the right, each
 * trusted hop vouching for the entry before it, and the first untrusted entry is the client. Entries left of it
 * were written by the client itself and prove nothing.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpHeaders headers, HttpServerRequest request) {
        String forwarded = headers != null ? headers.getHeaderString("X-Forwarded-For")
                : request == null ? null : String.join(",", request.headers().getAll("X-Forwarded-For"));
        String peer = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return resolve(peer, forwarded, TrustedProxies.current());
    }

    /** The same for a request seen below JAX-RS (the gateway's proxy route). */
    public static String of(HttpServerRequest request) {
        return of(null, request);
    }

    static String resolve(String peer, String forwarded, TrustedProxies trusted) {
        if (peer == null) {
            return "unknown";
        }
        String client = peer;
        if (forwarded == null || forwarded.isBlank()) {
            return client;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0 && trusted.trusts(client); i--) {
            String hop = hops[i].strip();
            if (IpNetworks.literal(hop) == null) {
                // A trusted hop wrote something that is no address: keep the last one we can vouch for.
                break;
            }
            client = hop.startsWith("[") ? hop.substring(1, hop.length() - 1) : hop;
        }
        return client;
    }
}
