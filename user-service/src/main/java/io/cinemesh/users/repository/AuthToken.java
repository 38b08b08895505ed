package io.cinemesh.users.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A token issued to an account. Only its id is kept: the token is signed, so the id is enough to revoke it. */
@Entity
@Table(name = "auth_token")
public class AuthToken extends PanacheEntityBase {

    public static final String SIGNIN = "signin";
    public static final String SWITCH = "switch";

    @Id
    public String id;
    @Column(name = "account_id", nullable = false)
    public Long accountId;
    @Column(name = "issued_at", nullable = false)
    public OffsetDateTime issuedAt;
    @Column(name = "issued_epoch", nullable = false)
    public long issuedEpoch;
    @Column(nullable = false)
    public String origin;
    @Column(name = "client_identifier")
    public String clientIdentifier;
    @Column(name = "device_name")
    public String deviceName;
    @Column(name = "from_address")
    public String fromAddress;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    /**
     * Whether this account was ever given a token at this address: a place its owner signs in from, which a
     * stranger's failed guesses do not lock out. Revoked tokens count too (signing out revokes).
     */
    public static Uni<Boolean> everIssuedAt(long accountId, String address) {
        return count("accountId = ?1 and fromAddress = ?2", accountId, address).map(n -> n > 0);
    }
}
