package io.cinemesh.events;

import java.util.OptionalLong;

/**
 * Reads {@code user.events} for caches that keep, per user, what that user may see: a share change, a changed
 * account (its rating limit) or a deleted user makes everything cached for that user stale.
 */
public final class AccessChanges {

    private AccessChanges() {
    }

    /** The user whose access the record changes; empty for other events and for a record that is not an event. */
    public static OptionalLong userOf(String json) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        return switch (event.type()) {
            case EventTypes.SHARE_CHANGED, EventTypes.USER_CHANGED, EventTypes.USER_DELETED -> {
                Long userId = event.number("userId");
                yield userId == null ? OptionalLong.empty() : OptionalLong.of(userId);
            }
            default -> OptionalLong.empty();
        };
    }
}
