package io.cinemesh.users.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a user may see: the contract of {@code GET /internal/users/{userId}/access}, which library-service and
 * stream-service cache per user until {@code user.events} says it changed. The owner has {@code allSections}.
 */
@RegisterForReflection
public record AccessView(long userId, String name, String kind, boolean allSections, List<Long> sectionIds,
        String contentRatingLimit) {
}
