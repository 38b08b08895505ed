package io.cinemesh.tokens;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides who a token speaks for, locally: the owner's configured token ({@code CINEMESH_ADMIN_TOKEN}) or a
 * signed token that has not been revoked nor (where {@code cinemesh.tokens.max-age} is set) expired.
 */
@ApplicationScoped
public class TokenVerifier {

    /** The prefix of the configured admin token's id: {@code admin:} and the first 16 hex digits of its SHA-256. */
    public static final String ADMIN_TOKEN_PREFIX = "admin:";

    private final TokenCodec codec;
    private final byte[] adminTokenDigest;
    private final String adminTokenId;
    private final String ownerName;
    private final RevocationList revocations;
    private final Duration maxAge;

    @Inject
    public TokenVerifier(@ConfigProperty(name = "cinemesh.token.secret") String secret,
            @ConfigProperty(name = "cinemesh.admin-token") Optional<String> adminToken,
            @ConfigProperty(name = "cinemesh.owner.name", defaultValue = "owner") String ownerName,
            RevocationList revocations, TokenKeysConfig keys) {
        this.codec = new TokenCodec(TokenCodec.currentKey(keys.keyId(), secret),
                keys.previousKeys().orElse(List.of()).stream().filter(k -> !k.isBlank()).map(TokenKey::parse)
                        .toList());
        this.adminTokenDigest = adminToken.filter(t -> !t.isBlank()).map(TokenVerifier::sha256).orElse(null);
        this.adminTokenId = adminTokenDigest == null ? null : adminTokenId(adminTokenDigest);
        this.ownerName = ownerName;
        this.revocations = revocations;
        this.maxAge = keys.maxAge().filter(d -> !d.isZero() && !d.isNegative()).orElse(null);
    }

    public Optional<Caller> verify(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        // Compare digests, not the strings, so the comparison takes the same time whatever the input.
        if (adminTokenDigest != null && MessageDigest.isEqual(adminTokenDigest, sha256(token))) {
            // Revoked by its id only: the owner's new password or "sign out everywhere" leaves the operator's token.
            return Optional.of(owner()).filter(c -> !revocations.isTokenRevoked(c.tokenId()));
        }
        return codec.verify(token).filter(c -> !revocations.isRevoked(c) && !expired(c));
    }

    /** Why {@link #verify} refused a token, in words fit for the client; the token itself never goes in. */
    public String refusal(String token) {
        Optional<Caller> signed = token == null ? Optional.empty() : codec.verify(token);
        if (signed.isPresent() && !revocations.isRevoked(signed.get()) && expired(signed.get())) {
            return "The X-Plex-Token has expired (tokens last " + maxAge + " here); sign in again";
        }
        return "A valid X-Plex-Token is required (header or query parameter)";
    }

    private boolean expired(Caller caller) {
        return maxAge != null && Instant.now().getEpochSecond() - caller.issuedAt() > maxAge.toSeconds();
    }

    /**
     * The owner, as the configured admin token names them. Its token id comes from the token's digest, so that
     * revoking it (like any token, by id) does not revoke the next admin token the operator sets.
     */
    public Caller owner() {
        return new Caller(Caller.OWNER_ID, ownerName, CallerKind.OWNER,
                adminTokenId == null ? ADMIN_TOKEN_PREFIX + "unset" : adminTokenId, 0);
    }

    /** The configured admin token's id (see {@link #owner()}), or empty when none is configured. */
    public Optional<String> adminTokenId() {
        return Optional.ofNullable(adminTokenId);
    }

    private static String adminTokenId(byte[] digest) {
        return ADMIN_TOKEN_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
    }

    public TokenCodec codec() {
        return codec;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
