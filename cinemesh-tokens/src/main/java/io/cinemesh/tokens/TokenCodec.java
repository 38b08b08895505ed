package io.cinemesh.tokens;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies Cinemesh tokens: {@code cm1.<key id>.<payload>.<signature>}, payload and signature base64url,
 * the signature an HMAC-SHA256 over everything before it with the key the id names. Verification needs only the
 * keys, so every service checks tokens locally with no network call; revocation is a separate, event-fed list.
 * <p>
 * The key can be rotated: new tokens are signed with the current key, and tokens signed with a previous key keep
 * verifying while that key is listed (and before its {@code until}), so a rotation signs nobody out. Tokens from
 * before key ids ({@code cm1.<payload>.<signature>}: one dot fewer, base64url has none) verify with any listed
 * key, so an upgrade signs nobody out either; they stop when the key that signed them is removed. The prefix stays
 * {@code cm1.} so that log redaction and clients that recognise a Cinemesh token need no change.
 */
public final class TokenCodec {

    private static final String PREFIX = "cm1.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** Short of this a secret is guessable; 32 bytes is the HMAC-SHA256 block's worth of entropy we ask for. */
    public static final int MIN_SECRET_BYTES = 32;
    /** The id of the key in {@code cinemesh.token.secret} unless {@code cinemesh.tokens.key-id} says otherwise. */
    public static final String DEFAULT_KEY_ID = "k1";

    private final TokenKey current;
    /** The current key first, then the previous ones, by id. */
    private final Map<String, TokenKey> keys = new LinkedHashMap<>();
    private final java.util.Map<String, String> proofs = new java.util.concurrent.ConcurrentHashMap<>();

    public TokenCodec(byte[] secret) {
        this(new TokenKey(DEFAULT_KEY_ID, secret, null), List.of());
    }

    public TokenCodec(TokenKey current, List<TokenKey> previous) {
        this.current = current;
        keys.put(current.id(), current);
        for (TokenKey k : previous) {
            if (keys.putIfAbsent(k.id(), k) != null) {
                throw new IllegalArgumentException("token key id '" + k.id() + "' is listed twice");
            }
        }
    }

    /** Reads a base64 secret as found in {@code CINEMESH_TOKEN_SECRET}. */
    public static TokenCodec fromBase64(String secret) {
        return new TokenCodec(currentKey(DEFAULT_KEY_ID, secret), List.of());
    }

    /** The current key from {@code CINEMESH_TOKEN_SECRET} (base64) and its id. */
    public static TokenKey currentKey(String id, String base64Secret) {
        try {
            return TokenKey.of(id, base64Secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CINEMESH_TOKEN_SECRET must be base64 of at least "
                    + MIN_SECRET_BYTES + " random bytes, and its key id 1 to 32 letters, digits, '-' or '_'");
        }
    }

    public String currentKeyId() {
        return current.id();
    }

    public String issue(Caller caller) {
        String payload = String.join("|", "v1", caller.tokenId(), Long.toString(caller.userId()),
                caller.kind().code(), Long.toString(caller.issuedAt()), caller.name());
        String body = PREFIX + current.id() + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(sign(current, body));
    }

    /** The caller a token names when its signature holds; empty for anything else, without saying why. */
    public Optional<Caller> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (!token.startsWith(PREFIX) || dot <= PREFIX.length()) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        int kidEnd = body.indexOf('.', PREFIX.length());
        try {
            byte[] given = B64D.decode(token.substring(dot + 1));
            Instant now = Instant.now();
            if (kidEnd < 0) {
                for (TokenKey key : keys.values()) {
                    if (key.usableAt(now) && MessageDigest.isEqual(given, sign(key, body))) {
                        return payload(body.substring(PREFIX.length()));
                    }
                }
                return Optional.empty();
            }
            TokenKey key = keys.get(body.substring(PREFIX.length(), kidEnd));
            if (key == null || !key.usableAt(now) || !MessageDigest.isEqual(given, sign(key, body))) {
                return Optional.empty();
            }
            return payload(body.substring(kidEnd + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Caller> payload(String encoded) {
        String payload = new String(B64D.decode(encoded), StandardCharsets.UTF_8);
        String[] f = payload.split("\\|", 6);
        if (f.length != 6 || !f[0].equals("v1")) {
            return Optional.empty();
        }
        return Optional.of(new Caller(Long.parseLong(f[2]), f[5], CallerKind.fromCode(f[3]), f[1],
                Long.parseLong(f[4])));
    }

    /**
     * Proof between services that the sender holds the cluster's secret, for one fixed purpose (e.g.
     * {@link PartHandOff#PURPOSE}); unlike a token it names no user and is the same on every call.
     */
    public String proof(String purpose) {
        // Asked for on every handed-off request: a MAC per call showed up in the gateway's profile.
        return proofs.computeIfAbsent(purpose, p -> B64.encodeToString(sign(current, "purpose:" + p)));
    }

    /** Any listed key's proof counts: during a rotation, replicas on the old and the new key still trust each other. */
    public boolean isProof(String purpose, String given) {
        if (given == null) {
            return false;
        }
        byte[] bytes = given.getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(bytes, proof(purpose).getBytes(StandardCharsets.US_ASCII))) {
            return true;
        }
        Instant now = Instant.now();
        for (TokenKey key : keys.values()) {
            if (key != current && key.usableAt(now) && MessageDigest.isEqual(bytes,
                    B64.encodeToString(sign(key, "purpose:" + purpose)).getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] sign(TokenKey key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
