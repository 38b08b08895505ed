package io.cinemesh.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An event that is owed to Kafka. */
@Entity
@Table(name = "event_outbox")
public class OutboxEntry extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(nullable = false)
    public String topic;
    @Column(name = "event_key", nullable = false)
    public String eventKey;
    @Column(nullable = false)
    public String payload;
    public String traceparent;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;
    public int attempts;
}
