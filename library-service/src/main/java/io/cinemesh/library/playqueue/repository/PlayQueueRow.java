package io.cinemesh.library.playqueue.repository;

/**
 * A play queue's own row: what it was made from, how it plays, which entry is current, and its version (bumped
 * by every change, which is how clients notice that another device changed it).
 */
public record PlayQueueRow(long id, String sourceUri, Long playlistId, Long selected, Long lastAdded,
        boolean shuffled, int repeat, boolean continuous, int version) {
}
