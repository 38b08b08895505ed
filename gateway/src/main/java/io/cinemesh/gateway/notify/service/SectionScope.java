package io.cinemesh.gateway.notify.service;

import java.util.Set;

/**
 * The library sections a listener may hear about: all of them (the owner) or its shares; and for a managed user
 * with a content-rating limit, only items of at most {@code maxAge} (unrated items, age null, always pass).
 */
public record SectionScope(boolean all, Set<Long> sectionIds, Integer maxAge) {

    public static final SectionScope ALL = new SectionScope(true, Set.of(), null);
    /** While a user's shares are being read again: hear nothing rather than too much. */
    public static final SectionScope NONE = new SectionScope(false, Set.of(), null);

    public boolean allows(Long sectionId) {
        return all || (sectionId != null && sectionIds.contains(sectionId));
    }

    /** An item of that section and rating age. */
    public boolean allows(Long sectionId, Integer ratingAge) {
        return allows(sectionId) && (maxAge == null || ratingAge == null || ratingAge <= maxAge);
    }
}
