package io.cinemesh.library.playlist.repository;

import java.time.OffsetDateTime;

/**
 * One stored playlist with its counters for the caller: entries in sections shared with them and their length.
 * A smart playlist keeps its section and query instead of entries.
 */
public record PlaylistRow(long id, String guid, String title, String summary, String kind, boolean smart,
        Long sectionId, String query, OffsetDateTime addedAt, OffsetDateTime updatedAt, long leafCount,
        long durationMs) {

    /** The same playlist with the counters of its smart query's items. */
    public PlaylistRow counted(long leaves, long totalMs) {
        return new PlaylistRow(id, guid, title, summary, kind, smart, sectionId, query, addedAt, updatedAt, leaves,
                totalMs);
    }
}
