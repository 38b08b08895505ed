package io.cinemesh.tokens;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies Cinemesh tokens: {@code cm1.<payload>.<signature>}, both parts base64url, the signature an
 * HMAC-SHA256 over {@code cm1.<payload>} with the cluster's token secret. Verification needs only the secret, so
 * every service checks tokens locally with no network call; revocation is a separate, event-fed list.
 */
public final class TokenCodec {

    private static final String PREFIX = "cm1.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** Short of this a secret is guessable; 32 bytes is the HMAC-SHA256 block's worth of entropy we ask for. */
    public static final int MIN_SECRET_BYTES = 32;

    private final SecretKeySpec key;
    private final java.util.Map<String, String> proofs = new java.util.concurrent.ConcurrentHashMap<>();

    public TokenCodec(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** Reads a base64 secret as found in {@code CINEMESH_TOKEN_SECRET}. */
    public static TokenCodec fromBase64(String secret) {
        try {
            return new TokenCodec(Base64.getDecoder().decode(secret.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CINEMESH_TOKEN_SECRET must be base64 of at least "
                    + MIN_SECRET_BYTES + " random bytes");
        }
    }

    public String issue(Caller caller) {
        String payload = String.join("|", "v1", caller.tokenId(), Long.toString(caller.userId()),
                caller.kind().code(), Long.toString(caller.issuedAt()), caller.name());
        String body = PREFIX + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(sign(body));
    }

    /** The caller a token names when its signature holds; empty for anything else, without saying why. */
    public Optional<Caller> verify(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        try {
            byte[] given = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(given, sign(body))) {
                return Optional.empty();
            }
            String payload = new String(B64D.decode(body.substring(PREFIX.length())), StandardCharsets.UTF_8);
            String[] f = payload.split("\\|", 6);
            if (f.length != 6 || !f[0].equals("v1")) {
                return Optional.empty();
            }
            return Optional.of(new Caller(Long.parseLong(f[2]), f[5], CallerKind.fromCode(f[3]), f[1],
                    Long.parseLong(f[4])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Proof between services that the sender holds the cluster's secret, for one fixed purpose (e.g.
     * {@link PartHandOff#PURPOSE}); unlike a token it names no user and is the same on every call.
     */
    public String proof(String purpose) {
        // Asked for on every handed-off request: a MAC per call showed up in the gateway's profile.
        return proofs.computeIfAbsent(purpose, p -> B64.encodeToString(sign("purpose:" + p)));
    }

    public boolean isProof(String purpose, String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                proof(purpose).getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
