package io.cinemesh.tokens;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which peers may tell a service, through {@code X-Forwarded-For}, where a request really came from:
 * {@code cinemesh.forwarding.trusted-proxies}, comma-separated networks ({@code 127.0.0.1/32, 10.8.0.0/16, ::1})
 * or {@code none}. Anyone else's forwarding header is ignored: otherwise every caller could pick the address that
 * the audit log records and that sign-in throttling counts against. Only literal addresses count
 * ({@link IpNetworks}).
 *
 * <p>Read from the raw config rather than a {@code @ConfigMapping}: {@link ClientAddress} is static and called
 * from JAX-RS resources and Vert.x routes alike, and a mapping nobody injects is never registered.
 */
public final class TrustedProxies {

    public static final String PROPERTY = "cinemesh.forwarding.trusted-proxies";
    /** Loopback: on one box the gateway is local, in the mesh the pod's sidecar is. */
    public static final String DEFAULT = "127.0.0.0/8,::1/128";

    private record Cached(Config config, TrustedProxies proxies) {
    }

    // Per Config instance: a test run restarts the application with other settings in the same JVM.
    private static volatile Cached cached;

    private final IpNetworks networks;

    private TrustedProxies(IpNetworks networks) {
        this.networks = networks;
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
        boolean none = spec == null || spec.strip().equalsIgnoreCase("none");
        return new TrustedProxies(IpNetworks.parse(PROPERTY, none ? null : spec));
    }

    public boolean trusts(String address) {
        return networks.contains(address);
    }
}
