package io.cinemesh.tokens.access;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** user-service's answer to "which sections may this user see" ({@code GET /internal/users/{id}/access}). */
@RegisterForReflection
public record UserAccess(long userId, String name, String kind, boolean allSections, List<Long> sectionIds,
        String contentRatingLimit) {
}
