package io.cinemesh.library.collection.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One collection with its section, its member count and its picture as the caller sees them. */
public record CollectionRow(long id, long sectionId, String sectionTitle, UUID sectionUuid, long tagId, String guid,
        String title, int subtype, OffsetDateTime addedAt, OffsetDateTime updatedAt, long childCount, String thumb) {
}
