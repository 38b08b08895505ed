package io.cinemesh.library.metadata.repository;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One item as the API shows it to one user: its own facts, its parents', its watch state and its counters. */
public class ItemRow {
    public long id;
    public long sectionId;
    public int type;
    public Long parentId;
    public Long grandparentId;
    public String guid;
    public String title;
    public String titleSort;
    public String originalTitle;
    public String summary;
    public Integer year;
    public LocalDate originallyAvailableAt;
    public Integer index;
    public Integer parentIndex;
    public Long durationMs;
    public OffsetDateTime addedAt;
    public OffsetDateTime updatedAt;
    public String parentTitle;
    public Integer parentIdx;
    public String grandparentTitle;
    public Long thumbTs;
    public Long artTs;
    public Long parentThumbTs;
    public Long grandparentThumbTs;
    public Long grandparentArtTs;
    public String sectionTitle;
    public UUID sectionUuid;
    public String sectionType;
    public int viewCount;
    public long viewOffset;
    public OffsetDateTime lastViewedAt;
    public Double userRating;
    public Integer childCount;
    public Integer leafCount;
    public Integer viewedLeafCount;
    /** Fields edited by hand, which rescans leave alone. */
    public List<String> lockedFields = List.of();
    /** Plex's contentRating (PG-13, TV-MA …): the item's own, or its season's or show's. */
    public String contentRating;
    /** The age the item's rating (or its show's) stands for; null when unrated. See migration V5. */
    public Integer ratingAge;
    public final List<PartRow> parts = new ArrayList<>();
    public final List<TagRow> tags = new ArrayList<>();

    public record PartRow(long id, long itemId, String file, long size, String container, Long durationMs,
            Integer bitrate, Integer width, Integer height, String videoCodec, String videoProfile, Double frameRate,
            String audioCodec, Integer audioChannels, OffsetDateTime updatedAt, List<StreamRow> streams) {
    }

    public record StreamRow(long id, long partId, int index, int streamType, String codec, String profile,
            String language, String title, Integer width, Integer height, Double frameRate, Integer bitDepth,
            Integer channels, String channelLayout, Integer samplingRate, Integer bitrate, boolean isDefault,
            boolean forced, String file, boolean selected) {
    }

    public record TagRow(long id, int tagType, String tag) {
    }
}
