package io.cinemesh.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which address a service believes: forwarding headers count only when a trusted hop passed them on. */
class ClientAddressTest {

    private final TrustedProxies loopbackAndIngress = TrustedProxies.parse("127.0.0.1/32, 10.8.0.0/16, ::1");

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeaderSays() {
        assertEquals("203.0.113.9", ClientAddress.resolve("203.0.113.9", "1.2.3.4", loopbackAndIngress));
        assertEquals("127.0.0.2", ClientAddress.resolve("127.0.0.2", "1.2.3.4, 5.6.7.8", loopbackAndIngress));
        assertEquals("203.0.113.9", ClientAddress.resolve("203.0.113.9", null, loopbackAndIngress));
    }

    @Test
    void aTrustedHopVouchesForTheEntryItAppended() {
        assertEquals("198.51.100.7", ClientAddress.resolve("127.0.0.1", "198.51.100.7", loopbackAndIngress));
        assertEquals("::1", ClientAddress.resolve("::1", null, loopbackAndIngress));
        assertEquals("2001:db8::5", ClientAddress.resolve("0:0:0:0:0:0:0:1", "2001:db8::5", loopbackAndIngress));
    }

    @Test
    void theFirstUntrustedEntryFromTheRightWinsSoAClientCannotPrependItsChoice() {
        // client 198.51.100.7 sent "X-Forwarded-For: 6.6.6.6"; the ingress (10.8.1.2) appended it, the gateway
        // on loopback appended the ingress.
        assertEquals("198.51.100.7", ClientAddress.resolve("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.8.1.2",
                loopbackAndIngress));
        // Every hop trusted: the leftmost is as far as anyone vouches.
        assertEquals("10.8.0.1", ClientAddress.resolve("127.0.0.1", "10.8.0.1, 10.8.1.2", loopbackAndIngress));
        // A trusted hop passing on garbage: the last address we can vouch for.
        assertEquals("10.8.1.2", ClientAddress.resolve("127.0.0.1", "evil.example, 10.8.1.2", loopbackAndIngress));
        assertEquals("127.0.0.1", ClientAddress.resolve("127.0.0.1", "not-an-address", loopbackAndIngress));
    }

    @Test
    void noneTrustsNobodyAndHostNamesAreRefused() {
        TrustedProxies none = TrustedProxies.parse("none");
        assertEquals("127.0.0.1", ClientAddress.resolve("127.0.0.1", "198.51.100.7", none));
        assertFalse(none.trusts("127.0.0.1"));
        assertTrue(TrustedProxies.parse("127.0.0.0/8").trusts("127.0.0.6"));
        assertFalse(TrustedProxies.parse("127.0.0.1/32").trusts("127.0.0.6"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("ingress.internal"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/x"));
    }
}
