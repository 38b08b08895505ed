package io.cinemesh.events;

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
        Long userId = event.number("userId");
        return userId == null ? OptionalLong.empty() : OptionalLong.of(userId);
    }
}
