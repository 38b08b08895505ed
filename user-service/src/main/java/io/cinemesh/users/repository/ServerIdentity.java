package io.cinemesh.users.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "server_identity")
public class ServerIdentity extends PanacheEntityBase {

    public static final int ONLY_ROW = 1;

    @Id
    public Integer id;
    @Column(name = "machine_identifier", nullable = false, columnDefinition = "bpchar(40)")
    public String machineIdentifier;
    @Column(name = "friendly_name", nullable = false)
    public String friendlyName;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
