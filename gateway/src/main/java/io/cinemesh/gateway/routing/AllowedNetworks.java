package io.cinemesh.gateway.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * PMS's "allowed without auth" list: client networks let in without a token, acting as the owner. Off unless
 * configured. Only literal addresses are accepted, so that a typo can never resolve a host name at start.
 *
 * <p>Behind Istio the gateway sees the sidecar's address (127.0.0.6), which {@code 127.0.0.1/32} does not
 * match; {@code 127.0.0.0/8} would let every mesh request in, so do not use it there.
 */
public final class AllowedNetworks {

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Cidr> cidrs;

    private AllowedNetworks(List<Cidr> cidrs) {
        this.cidrs = cidrs;
    }

    /** Parses a comma-separated list such as {@code 127.0.0.1/32, 192.168.1.0/24, ::1/128}. */
    public static AllowedNetworks parse(String spec) {
        List<Cidr> list = new ArrayList<>();
        if (spec != null) {
            for (String part : spec.split(",")) {
                String s = part.strip();
                if (s.isEmpty()) {
                    continue;
                }
                int slash = s.indexOf('/');
                String host = slash < 0 ? s : s.substring(0, slash);
                byte[] addr = literal(host, s);
                int bits = slash < 0 ? addr.length * 8 : Integer.parseInt(s.substring(slash + 1));
                if (bits < 0 || bits > addr.length * 8) {
                    throw new IllegalArgumentException("CINEMESH_ALLOWED_NETWORKS: bad prefix length in " + s);
                }
                list.add(new Cidr(addr, bits));
            }
        }
        return new AllowedNetworks(List.copyOf(list));
    }

    public boolean isEmpty() {
        return cidrs.isEmpty();
    }

    public boolean allows(String address) {
        if (cidrs.isEmpty() || address == null) {
            return false;
        }
        byte[] addr;
        try {
            addr = literal(address, address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (Cidr c : cidrs) {
            if (c.contains(addr)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] literal(String host, String context) {
        boolean looksLiteral = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        if (!looksLiteral) {
            throw new IllegalArgumentException("CINEMESH_ALLOWED_NETWORKS takes IP networks, not host names: "
                    + context);
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("CINEMESH_ALLOWED_NETWORKS: not an address: " + context);
        }
    }
}
