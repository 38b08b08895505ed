package io.cinemesh.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TokenCodecTest {

    private static byte[] secret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private final TokenCodec codec = new TokenCodec(secret());
    private final Caller alice = new Caller(12, "Alice | Zoë", CallerKind.MANAGED, "tok-1", 1_700_000_000L);

    @Test
    void aTokenItIssuedVerifiesToTheSameCaller() {
        assertEquals(alice, codec.verify(codec.issue(alice)).orElseThrow());
    }

    @Test
    void aTamperedOrForeignTokenIsRefused() {
        String token = codec.issue(alice);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertTrue(codec.verify(forged).isEmpty());
        assertTrue(new TokenCodec(secret()).verify(token).isEmpty(), "another cluster's secret");
        assertTrue(codec.verify("cm1.").isEmpty());
        assertTrue(codec.verify("not a token").isEmpty());
        assertTrue(codec.verify(null).isEmpty());
    }

    @Test
    void aSwappedPayloadDoesNotKeepItsSignature() {
        String a = codec.issue(alice);
        String b = codec.issue(new Caller(1, "owner", CallerKind.OWNER, "tok-2", 1));
        String spliced = b.substring(0, b.lastIndexOf('.')) + a.substring(a.lastIndexOf('.'));
        assertTrue(codec.verify(spliced).isEmpty());
    }

    @Test
    void aServiceProofHoldsOnlyForItsPurposeAndSecret() {
        String proof = codec.proof(PartHandOff.PURPOSE);
        assertTrue(codec.isProof(PartHandOff.PURPOSE, proof));
        assertFalse(codec.isProof("another-purpose", proof));
        assertFalse(new TokenCodec(secret()).isProof(PartHandOff.PURPOSE, proof), "another cluster's secret");
        assertFalse(codec.isProof(PartHandOff.PURPOSE, "1"));
        assertFalse(codec.isProof(PartHandOff.PURPOSE, null));
    }

    @Test
    void aShortSecretIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TokenCodec(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> TokenCodec.fromBase64("%%%"));
    }

    @Test
    void revocationByTokenAndByUser() {
        var list = new RevocationList();
        list.revokeToken("tok-1");
        assertTrue(list.isRevoked(alice));
        var list2 = new RevocationList();
        list2.revokeUser(12, 1_700_000_000L);
        assertTrue(list2.isRevoked(alice));
        assertTrue(!list2.isRevoked(new Caller(12, "a", CallerKind.USER, "t", 1_700_000_001L)),
                "a token issued after the revocation still works");
    }
}
