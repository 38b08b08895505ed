package io.cinemesh.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

    @Test
    void aTokenNamesItsKeyAndVerifiesAfterARotationWhileThatKeyIsListed() {
        TokenKey k1 = new TokenKey("k1", secret(), null);
        TokenKey k2 = new TokenKey("k2", secret(), null);
        String before = new TokenCodec(k1, List.of()).issue(alice);
        assertTrue(before.startsWith("cm1.k1."), before);

        TokenCodec rotated = new TokenCodec(k2, List.of(k1));
        assertEquals(alice, rotated.verify(before).orElseThrow(), "signed with the previous key, still listed");
        assertTrue(rotated.issue(alice).startsWith("cm1.k2."), "new tokens carry the new key's id");
        assertTrue(new TokenCodec(k2, List.of()).verify(before).isEmpty(), "the previous key removed");
    }

    @Test
    void aPreviousKeyStopsAtItsUntil() {
        byte[] old = secret();
        String before = new TokenCodec(new TokenKey("k1", old, null), List.of()).issue(alice);
        TokenKey current = new TokenKey("k2", secret(), null);
        TokenKey past = new TokenKey("k1", old, Instant.now().minusSeconds(1));
        TokenKey future = new TokenKey("k1", old, Instant.now().plusSeconds(3600));
        assertTrue(new TokenCodec(current, List.of(past)).verify(before).isEmpty());
        assertEquals(alice, new TokenCodec(current, List.of(future)).verify(before).orElseThrow());
    }

    @Test
    void aTokenFromBeforeKeyIdsVerifiesWithTheKeyThatSignedIt() throws Exception {
        byte[] old = secret();
        String legacy = legacyToken(old, "v1|tok-9|12|managed|1700000000|Alice");
        TokenKey oldKey = new TokenKey("k1", old, null);
        TokenKey newKey = new TokenKey("k2", secret(), null);
        assertEquals(12, new TokenCodec(oldKey, List.of()).verify(legacy).orElseThrow().userId(), "upgrade");
        assertEquals("tok-9", new TokenCodec(newKey, List.of(oldKey)).verify(legacy).orElseThrow().tokenId(),
                "after a rotation, while the old key is listed");
        assertTrue(new TokenCodec(newKey, List.of()).verify(legacy).isEmpty(), "the old key removed");
    }

    @Test
    void aTokenCannotChooseAKeyItWasNotSignedWith() {
        TokenKey k1 = new TokenKey("k1", secret(), null);
        TokenKey k2 = new TokenKey("k2", secret(), null);
        TokenCodec both = new TokenCodec(k2, List.of(k1));
        String token = both.issue(alice);
        assertTrue(both.verify(token.replace("cm1.k2.", "cm1.k1.")).isEmpty(), "kid swapped");
        assertTrue(both.verify(token.replace("cm1.k2.", "cm1.k9.")).isEmpty(), "unknown kid");
        assertTrue(both.verify(token.replace("cm1.k2.", "cm1.")).isEmpty(), "kid dropped");
    }

    @Test
    void previousKeysAreReadFromConfigEntries() {
        String b64 = Base64.getEncoder().encodeToString(secret());
        TokenKey plain = TokenKey.parse(" k1:" + b64 + " ");
        assertEquals("k1", plain.id());
        assertEquals(null, plain.until());
        assertEquals(Instant.parse("2027-01-31T00:00:00Z"), TokenKey.parse("k1:" + b64 + "@2027-01-31T00:00:00Z")
                .until());
        assertThrows(IllegalArgumentException.class, () -> TokenKey.parse(b64));
        assertThrows(IllegalArgumentException.class, () -> TokenKey.parse("k1:" + b64 + "@tomorrow"));
        assertThrows(IllegalArgumentException.class, () -> TokenKey.parse("k 1:" + b64));
        assertThrows(IllegalArgumentException.class, () -> TokenKey.parse("k1:c2hvcnQ="));
        TokenKey k = TokenKey.parse("k1:" + b64);
        assertThrows(IllegalArgumentException.class, () -> new TokenCodec(k, List.of(k)), "an id listed twice");
        assertFalse(k.toString().contains(b64), "the secret stays out of toString");
    }

    @Test
    void aProofFromAReplicaStillOnThePreviousKeyHolds() {
        TokenKey k1 = new TokenKey("k1", secret(), null);
        TokenKey k2 = new TokenKey("k2", secret(), null);
        String oldProof = new TokenCodec(k1, List.of()).proof(PartHandOff.PURPOSE);
        assertTrue(new TokenCodec(k2, List.of(k1)).isProof(PartHandOff.PURPOSE, oldProof));
        assertFalse(new TokenCodec(k2, List.of()).isProof(PartHandOff.PURPOSE, oldProof));
    }

    /** A token as TokenCodec made it before key ids: {@code cm1.<payload>.<signature>}. */
    private static String legacyToken(byte[] secret, String payload) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String body = "cm1." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return body + "." + b64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
