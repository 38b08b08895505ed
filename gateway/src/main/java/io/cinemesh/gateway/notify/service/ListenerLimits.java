package io.cinemesh.gateway.notify.service;

import io.cinemesh.gateway.config.NotificationsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notification connections per user on this replica. Each one holds a socket, a queue of up to
 * {@code max-queued} messages and a share lookup, so one token must not open them without end; a place is taken
 * before the upgrade (so concurrent upgrades cannot overshoot) and given back when the connection ends.
 */
@ApplicationScoped
public class ListenerLimits {

    @Inject
    NotificationsConfig notifications;

    private final Map<Long, Integer> open = new ConcurrentHashMap<>();

    public int maxPerUser() {
        return notifications.maxPerUser();
    }

    /** Takes a place for one more connection of {@code userId}; false when the user has its limit open. */
    public boolean reserve(long userId) {
        boolean[] taken = {false};
        open.compute(userId, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= notifications.maxPerUser()) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a place taken with {@link #reserve} whose connection never opened. */
    public void release(long userId) {
        open.computeIfPresent(userId, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** The listener's place goes back when it closes, however it closes. */
    public void releaseOnClose(Listener listener) {
        long userId = listener.caller().userId();
        listener.onClose(() -> release(userId));
    }

    /** Connections {@code userId} holds now (taken places included). */
    public int open(long userId) {
        return open.getOrDefault(userId, 0);
    }
}
