package io.cinemesh.tokens;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens and users that no longer get in. Fed by {@code user.events} in every service, so that a revocation
 * reaches all of them within seconds with no call on the request path.
 */
@ApplicationScoped
public class RevocationList {

    private final Map<String, Boolean> revokedTokens = new ConcurrentHashMap<>();
    /** A user's tokens issued at or before this epoch second are void (user deleted, or "sign out everywhere"). */
    private final Map<Long, Long> revokedUsersUpTo = new ConcurrentHashMap<>();

    public void revokeToken(String tokenId) {
        revokedTokens.put(tokenId, Boolean.TRUE);
    }

    public void revokeUser(long userId, long upToEpochSecond) {
        revokedUsersUpTo.merge(userId, upToEpochSecond, Math::max);
    }

    public boolean isRevoked(Caller caller) {
        if (revokedTokens.containsKey(caller.tokenId())) {
            return true;
        }
        Long upTo = revokedUsersUpTo.get(caller.userId());
        return upTo != null && caller.issuedAt() <= upTo;
    }
}
