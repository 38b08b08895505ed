package io.cinemesh.tokens;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of IP networks from a setting ({@code 127.0.0.1/32, 10.8.0.0/16, ::1}), and whether an address lies in
 * one: what the trusted proxy hops and the gateway's allowed networks both are. Only literal addresses are
 * accepted, so that neither a setting nor a request ever makes a service resolve a host name.
 */
public final class IpNetworks {

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

    private final List<Cidr> cidrs;

    private IpNetworks(List<Cidr> cidrs) {
        this.cidrs = cidrs;
    }

    /**
     * Parses a comma-separated list; blank is no network at all.
     *
     * @param setting the setting's name, for the message of a bad entry
     */
    public static IpNetworks parse(String setting, String spec) {
        List<Cidr> list = new ArrayList<>();
        if (spec != null) {
            for (String part : spec.split(",")) {
                String s = part.strip();
                if (s.isEmpty()) {
                    continue;
                }
                int slash = s.indexOf('/');
                byte[] addr = literal(slash < 0 ? s : s.substring(0, slash));
                if (addr == null) {
                    throw new IllegalArgumentException(setting + " takes IP networks, not host names: " + s);
                }
                int bits;
                try {
                    bits = slash < 0 ? addr.length * 8 : Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > addr.length * 8) {
                    throw new IllegalArgumentException(setting + ": bad prefix length in " + s);
                }
                list.add(new Cidr(addr, bits));
            }
        }
        return new IpNetworks(List.copyOf(list));
    }

    public boolean isEmpty() {
        return cidrs.isEmpty();
    }

    /** Whether the address (a literal; anything else is in no network) lies in one of the networks. */
    public boolean contains(String address) {
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
