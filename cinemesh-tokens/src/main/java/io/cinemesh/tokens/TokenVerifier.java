package io.cinemesh.tokens;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides who a token speaks for, locally: the owner's configured token ({@code CINEMESH_ADMIN_TOKEN}) or a
 * signed token that has not been revoked.
 */
@ApplicationScoped
public class TokenVerifier {

    private final TokenCodec codec;
    private final byte[] adminTokenDigest;
    private final String ownerName;
    private final RevocationList revocations;

    @Inject
    public TokenVerifier(@ConfigProperty(name = "cinemesh.token.secret") String secret,
            @ConfigProperty(name = "cinemesh.admin-token") Optional<String> adminToken,
            @ConfigProperty(name = "cinemesh.owner.name", defaultValue = "owner") String ownerName,
            RevocationList revocations) {
        this.codec = TokenCodec.fromBase64(secret);
        this.adminTokenDigest = adminToken.filter(t -> !t.isBlank()).map(TokenVerifier::sha256).orElse(null);
        this.ownerName = ownerName;
        this.revocations = revocations;
    }

    public Optional<Caller> verify(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        // Compare digests, not the strings, so the comparison takes the same time whatever the input.
        if (adminTokenDigest != null && MessageDigest.isEqual(adminTokenDigest, sha256(token))) {
            return Optional.of(owner());
        }
        return codec.verify(token).filter(c -> !revocations.isRevoked(c));
    }

    /** The owner, as the configured admin token names them. */
    public Caller owner() {
        return new Caller(Caller.OWNER_ID, ownerName, CallerKind.OWNER, "admin-token", 0);
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
