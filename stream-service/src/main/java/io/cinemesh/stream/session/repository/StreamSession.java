package io.cinemesh.stream.session.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One active playback: a client playing one item for one user. */
@Entity
@Table(name = "stream_session")
public class StreamSession extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "session_key", insertable = false, updatable = false)
    public Long sessionKey;
    @Column(name = "user_id", nullable = false)
    public long userId;
    @Column(name = "user_name", nullable = false)
    public String userName;
    @Column(name = "rating_key", nullable = false)
    public String ratingKey;
    @Column(name = "client_identifier", nullable = false)
    public String clientIdentifier;
    @Column(name = "session_identifier", nullable = false)
    public String sessionIdentifier;
    @Column(name = "device_name")
    public String deviceName;
    public String product;
    public String platform;
    public String address;
    @Column(nullable = false)
    public String state;
    @Column(name = "view_offset_ms", nullable = false)
    public long viewOffsetMs;
    @Column(name = "duration_ms")
    public Long durationMs;
    @Column(name = "started_at", nullable = false)
    public OffsetDateTime startedAt;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
    @Column(name = "section_id")
    public Long sectionId;
    @Column(name = "item_type")
    public String itemType;
    public String title;
    /** The item's own attributes (JSON object of scalars) as library-service showed them to this user. */
    @Column(name = "item_attrs", nullable = false)
    public String itemAttrs = "{}";
    /** Whether this playback already crossed the watched threshold (history is written once per playback). */
    @Column(nullable = false)
    public boolean watched;
    @Column(name = "last_progress_event_at")
    public OffsetDateTime lastProgressEventAt;
    @Column(nullable = false)
    public String decision = "directplay";
    @Column(name = "transcode_session_id")
    public String transcodeSessionId;
}
