package io.cinemesh.stream.history.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One completed viewing: written when a playback crosses the watched threshold. */
@Entity
@Table(name = "play_history")
public class PlayHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "user_id", nullable = false)
    public long userId;
    @Column(name = "user_name", nullable = false)
    public String userName;
    @Column(name = "rating_key", nullable = false)
    public String ratingKey;
    @Column(name = "section_id")
    public Long sectionId;
    @Column(name = "item_type")
    public String itemType;
    public String title;
    @Column(name = "item_attrs", nullable = false)
    public String itemAttrs = "{}";
    @Column(name = "client_identifier")
    public String clientIdentifier;
    @Column(name = "device_name")
    public String deviceName;
    @Column(name = "viewed_at", nullable = false)
    public OffsetDateTime viewedAt;
}
