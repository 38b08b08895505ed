package io.cinemesh.events;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads {@code user.events} for caches that keep, per user, what that user may see: a share change, a changed
 * account (its rating limit) or a deleted user makes everything cached for that user stale.
 */
public final class AccessChanges {

    private static final Set<String> ANY_ACCESS_CHANGE = Set.of(EventTypes.SHARE_CHANGED, EventTypes.USER_CHANGED,
            EventTypes.USER_DELETED);
    private static final Set<String> SHARES_CHANGE = Set.of(EventTypes.SHARE_CHANGED, EventTypes.USER_DELETED);

    private AccessChanges() {
    }

    /** The user whose access the record changes; empty for other events and for a record that is not an event. */
    public static OptionalLong userOf(String json) {
        return userOf(json, ANY_ACCESS_CHANGE);
    }

    /**
     * The user whose shares or rating limit changed, or who is gone; not a user whose name or PIN changed
     * ({@code user.changed} alone). For what is costly to undo, such as a running transcode.
     */
    public static OptionalLong userWhoseSharesChanged(String json) {
        return userOf(json, SHARES_CHANGE);
    }

    /**
     * What a {@code token.revoked} (one token, or all the user's tokens issued up to a second: "sign out everywhere",
     * a new password) or {@code user.deleted} record voids; empty for other records.
     */
    public static Optional<Revoked> revokedBy(String json) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!EventTypes.TOKEN_REVOKED.equals(event.type()) && !EventTypes.USER_DELETED.equals(event.type())) {
            return Optional.empty();
        }
        UserEvent u;
        try {
            u = event.data(UserEvent.class);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(EventTypes.USER_DELETED.equals(event.type()) ? new Revoked(u.userId(), null, Long.MAX_VALUE)
                : new Revoked(u.userId(), u.tokenId(), u.issuedUpTo()));
    }

    /** Tokens of {@code userId} that no longer count: the one named, and those issued at or before the cut-off. */
    public record Revoked(long userId, String tokenId, Long issuedUpTo) {

        /**
         * Whether a token of this user, known by id and issue time, is void. A token not known (null id: from before
         * tokens were recorded) counts as void: ending too much is the safe side. The configured admin token
         * ({@code admin:} id) ends only by its id or with its user, not with the owner's password.
         */
        public boolean covers(String tokenId, Long issuedAt) {
            if (tokenId == null || tokenId.equals(this.tokenId)) {
                return true;
            }
            if (issuedUpTo == null) {
                return false;
            }
            if (tokenId.startsWith("admin:")) {
                return issuedUpTo == Long.MAX_VALUE;
            }
            return issuedAt == null || issuedAt <= issuedUpTo;
        }
    }

    private static OptionalLong userOf(String json, Set<String> types) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        if (!types.contains(event.type())) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(event.data(UserEvent.class).userId());
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }
}
