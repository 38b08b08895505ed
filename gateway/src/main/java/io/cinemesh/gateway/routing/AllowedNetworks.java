package io.cinemesh.gateway.routing;

import io.cinemesh.tokens.IpNetworks;

/**
 * PMS's "allowed without auth" list: client networks let in without a token, acting as the owner. Off unless
 * configured. Only literal addresses are accepted, so that a typo can never resolve a host name at start.
 *
 * <p>Behind Istio the gateway sees the sidecar's address (127.0.0.6), which {@code 127.0.0.1/32} does not
 * match; {@code 127.0.0.0/8} would let every mesh request in, so do not use it there.
 */
public final class AllowedNetworks {

    private final IpNetworks networks;

    private AllowedNetworks(IpNetworks networks) {
        this.networks = networks;
    }

    /** Parses a comma-separated list such as {@code 127.0.0.1/32, 192.168.1.0/24, ::1/128}. */
    public static AllowedNetworks parse(String spec) {
        return new AllowedNetworks(IpNetworks.parse("CINEMESH_ALLOWED_NETWORKS", spec));
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    public boolean allows(String address) {
        return networks.contains(address);
    }
}
