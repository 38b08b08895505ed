package io.cinemesh.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.gateway.routing.AllowedNetworks;
import org.junit.jupiter.api.Test;

class AllowedNetworksParsingTest {

    @Test
    void matchesByPrefix() {
        AllowedNetworks n = AllowedNetworks.parse("127.0.0.1/32, 192.168.1.0/24,::1/128");
        assertTrue(n.allows("127.0.0.1"));
        assertFalse(n.allows("127.0.0.6"), "Istio's sidecar address must not match loopback/32");
        assertTrue(n.allows("192.168.1.77"));
        assertFalse(n.allows("192.168.2.1"));
        assertTrue(n.allows("0:0:0:0:0:0:0:1"));
        assertFalse(n.allows("not an address"));
        assertTrue(AllowedNetworks.parse("10.0.0.0/9").allows("10.127.255.255"));
        assertFalse(AllowedNetworks.parse("10.0.0.0/9").allows("10.128.0.0"));
    }

    @Test
    void emptyAllowsNothingAndHostNamesAreRefused() {
        assertFalse(AllowedNetworks.parse(" ").allows("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> AllowedNetworks.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> AllowedNetworks.parse("10.0.0.0/33"));
    }
}
