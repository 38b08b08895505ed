package io.cinemesh.stream.history.service;

import java.time.OffsetDateTime;

/**
 * Which viewings a history page lists; a null field does not filter. {@code userId} is already narrowed to the
 * caller for anyone but the owner.
 */
public record HistoryFilter(Long userId, String ratingKey, Long sectionId, OffsetDateTime viewedAfter,
        OffsetDateTime viewedBefore, boolean oldestFirst) {
}
