package io.cinemesh.tokens;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens and users that no longer get in. Loaded at start from user-service's {@code /internal/revocations}
 * ({@link RevocationBootstrap}; user-service reads its own table) and kept current by {@code user.events}
 * ({@link RevocationFeed}), so that a revocation reaches every service within seconds with no call on the request
 * path, and a service started after the topic's retention still knows every revocation.
 */
@ApplicationScoped
public class RevocationList {

    /**
     * What {@code /internal/revocations} answers: revoked token ids and per-user "issued up to" cut-offs. Read by
     * Jackson in {@link RevocationBootstrap}, so a native image must keep its constructor and accessors.
     */
    @RegisterForReflection
    public record Snapshot(List<String> tokens, List<UserCutoff> users) {
    }

    /** A user's tokens issued at or before {@code issuedUpTo} (epoch second; Long.MAX_VALUE: user deleted). */
    @RegisterForReflection
    public record UserCutoff(long userId, long issuedUpTo) {
    }

    private final Map<String, Boolean> revokedTokens = new ConcurrentHashMap<>();
    /** A user's tokens issued at or before this epoch second are void (user deleted, or "sign out everywhere"). */
    private final Map<Long, Long> revokedUsersUpTo = new ConcurrentHashMap<>();
    private volatile Instant loadedAt;

    public void revokeToken(String tokenId) {
        revokedTokens.put(tokenId, Boolean.TRUE);
    }

    public void revokeUser(long userId, long upToEpochSecond) {
        revokedUsersUpTo.merge(userId, upToEpochSecond, Math::max);
    }

    /** Adds a full snapshot; what the feed added meanwhile stays (revocations are never undone). */
    public void load(Snapshot snapshot) {
        snapshot.tokens().forEach(this::revokeToken);
        snapshot.users().forEach(u -> revokeUser(u.userId(), u.issuedUpTo()));
        loadedAt = Instant.now();
    }

    /** When the last full snapshot was loaded; null until the first. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** Only this token's own revocation, not its user's cut-off: for the configured admin token. */
    public boolean isTokenRevoked(String tokenId) {
        return revokedTokens.containsKey(tokenId);
    }

    public boolean isRevoked(Caller caller) {
        if (revokedTokens.containsKey(caller.tokenId())) {
            return true;
        }
        Long upTo = revokedUsersUpTo.get(caller.userId());
        return upTo != null && caller.issuedAt() <= upTo;
    }
}
