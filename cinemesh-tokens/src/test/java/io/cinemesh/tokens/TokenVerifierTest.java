package io.cinemesh.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final String SECRET = secret();
    private final RevocationList revocations = new RevocationList();

    private static String secret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static TokenKeysConfig keys(String keyId, List<String> previous, Duration maxAge) {
        return new TokenKeysConfig() {
            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public Optional<List<String>> previousKeys() {
                return Optional.ofNullable(previous);
            }

            @Override
            public Optional<Duration> maxAge() {
                return Optional.ofNullable(maxAge);
            }
        };
    }

    private TokenVerifier verifier(String adminToken, Duration maxAge) {
        return new TokenVerifier(SECRET, Optional.ofNullable(adminToken), "owner", revocations,
                keys("k1", null, maxAge));
    }

    @Test
    void theAdminTokenIsRevocableByItsIdAndANewValueIsNotRevokedWithIt() {
        TokenVerifier first = verifier("first-admin-token", null);
        String id = first.adminTokenId().orElseThrow();
        assertTrue(id.startsWith(TokenVerifier.ADMIN_TOKEN_PREFIX), id);
        assertTrue(!id.contains("first-admin-token"), "the id does not give the token away");
        assertTrue(first.verify("first-admin-token").isPresent());

        revocations.revokeToken(id);
        assertTrue(first.verify("first-admin-token").isEmpty(), "revoked");

        TokenVerifier rotated = verifier("second-admin-token", null);
        assertNotEquals(id, rotated.adminTokenId().orElseThrow());
        assertTrue(rotated.verify("second-admin-token").isPresent(), "the rotated admin token works");
        assertTrue(rotated.verify("first-admin-token").isEmpty(), "the old one is not configured any more");
    }

    @Test
    void withAMaxAgeAnOldTokenIsRefusedAndSaysWhy() {
        TokenVerifier verifier = verifier(null, Duration.ofHours(1));
        long now = Instant.now().getEpochSecond();
        String fresh = verifier.codec().issue(new Caller(5, "eve", CallerKind.USER, "t1", now - 60));
        String old = verifier.codec().issue(new Caller(5, "eve", CallerKind.USER, "t2", now - 7200));
        assertTrue(verifier.verify(fresh).isPresent());
        assertTrue(verifier.verify(old).isEmpty());
        assertTrue(verifier.refusal(old).contains("expired"), verifier.refusal(old));
        assertTrue(!verifier.refusal("cm1.forged.x").contains("expired"));
        assertTrue(verifier(null, null).verify(old).isPresent(), "no max-age: tokens last until revoked");
    }

    @Test
    void previousKeysFromConfigKeepVerifying() {
        String old = secret();
        TokenVerifier before = new TokenVerifier(old, Optional.empty(), "owner", revocations,
                keys("k1", null, null));
        String token = before.codec().issue(new Caller(5, "eve", CallerKind.USER, "t1", 1));
        TokenVerifier after = new TokenVerifier(SECRET, Optional.empty(), "owner", revocations,
                keys("k2", List.of("k1:" + old), null));
        assertEquals(5, after.verify(token).orElseThrow().userId());
        assertEquals("k2", after.codec().currentKeyId());
    }
}
