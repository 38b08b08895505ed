package io.cinemesh.tokens;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which peers may tell a service, through {@code X-Forwarded-For}, where a request really came from:
 * {@code cinemesh.forwarding.trusted-proxies}, comma-separated networks ({@code 127.0.0.1/32, 10.8.0.0/16, ::1})
 * or {@code none}. Anyone else's forwarding header is ignored: otherwise every caller could pick the address that
 * the audit log records and that sign-in throttling counts against. Only literal addresses are accepted, so that
 * neither the setting nor a forwarded header ever makes the service resolve a host name.
 *
 * <p>Read from the raw config rather than a {@code @ConfigMapping}: {@link ClientAddress} is static and called
 * from JAX-RS resources and Vert.x routes alike, and a mapping nobody injects is never registered.
 */
public final class TrustedProxies {

    public static final String PROPERTY = "cinemesh.forwarding.trusted-proxies";
    /** Loopback: on one box the gateway is local, in the mesh the pod's sidecar is. */
    public static final String DEFAULT = "127.0.0.0/8,::1/128";

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
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[full] & mask) == (network[full] & mask);
        }
    }

    private record Cached(Config config, TrustedProxies proxies) {
    }

    // Per Config instance: a test run restarts the application with other settings in the same JVM.
    private static volatile Cached cached;

    private final List<Cidr> cidrs;

    private TrustedProxies(List<Cidr> cidrs) {
        this.cidrs = cidrs;
    }

    /** The running application's setting. */
    public static TrustedProxies current() {
        Config config = ConfigProvider.getConfig();
        Cached c = cached;
        if (c == null || c.config() != config) {
            String spec = config.getOptionalValue(PROPERTY, String.class).orElse(DEFAULT);
            c = new Cached(config, parse(spec));
            cached = c;
        }
        return c.proxies();
    }

    /** Parses {@code 127.0.0.1/32, 10.0.0.0/8, ::1}; {@code none} or blank is no hop at all. */
    public static TrustedProxies parse(String spec) {
        List<Cidr> list = new ArrayList<>();
        if (spec != null && !spec.isBlank() && !spec.strip().equalsIgnoreCase("none")) {
            for (String part : spec.split(",")) {
                String s = part.strip();
                if (s.isEmpty()) {
                    continue;
                }
                int slash = s.indexOf('/');
                byte[] addr = literal(slash < 0 ? s : s.substring(0, slash));
                if (addr == null) {
                    throw new IllegalArgumentException(
                            PROPERTY + " takes IP networks, not host names: " + s);
                }
                int bits;
                try {
                    bits = slash < 0 ? addr.length * 8 : Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > addr.length * 8) {
                    throw new IllegalArgumentException(
                            PROPERTY + ": bad prefix length in " + s);
                }
                list.add(new Cidr(addr, bits));
            }
        }
        return new TrustedProxies(List.copyOf(list));
    }

    public boolean trusts(String address) {
        byte[] addr = literal(address);
        if (addr == null) {
            return false;
        }
        for (Cidr c : cidrs) {
            if (c.contains(addr)) {
                return true;
            }
        }
        return false;
    }

    /** The address's bytes if it is an IPv4 or IPv6 literal (brackets allowed), else null; never a DNS lookup. */
    static byte[] literal(String address) {
        if (address == null) {
            return null;
        }
        String s = address.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean v4 = s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
