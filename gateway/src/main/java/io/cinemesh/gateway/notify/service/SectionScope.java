package io.cinemesh.gateway.notify.service;

import java.util.Set;

/** The library sections a listener may hear about: all of them (the owner) or its shares. */
public record SectionScope(boolean all, Set<Long> sectionIds) {

    public static final SectionScope ALL = new SectionScope(true, Set.of());
    /** While a user's shares are being read again: hear nothing rather than too much. */
    public static final SectionScope NONE = new SectionScope(false, Set.of());

    public boolean allows(Long sectionId) {
        return all || (sectionId != null && sectionIds.contains(sectionId));
    }
}
