package io.cinemesh.library.playlist.service;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/** Ordering of the entries of a playlist or play queue, as clients' {@code move?after=} asks for it. */
public final class ItemOrder {

    private ItemOrder() {
    }

    /**
     * Moves {@code entryId} right after {@code after} in {@code order} (to the front when {@code after} is
     * absent or 0), in place. {@code container} names the playlist or queue in the error a client sees.
     */
    public static void moveAfter(List<Long> order, long entryId, Long after, String container) {
        if (!order.remove(Long.valueOf(entryId))) {
            throw new NotFoundException("No item " + entryId + " in " + container);
        }
        int at = 0;
        if (after != null && after != 0) {
            int i = order.indexOf(after);
            if (i < 0) {
                throw new BadRequestException("after=" + after + " is not an item of " + container);
            }
            at = i + 1;
        }
        order.add(at, entryId);
    }
}
