package io.cinemesh.users.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One revoked token, or a user's "issued up to" cut-off; what {@code /internal/revocations} serves. */
@Entity
@Table(name = "revocation")
public class Revocation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "token_id")
    public String tokenId;
    @Column(name = "account_id", nullable = false)
    public long accountId;
    @Column(name = "issued_up_to")
    public Long issuedUpTo;

    public static Revocation token(String tokenId, long accountId) {
        Revocation r = new Revocation();
        r.tokenId = tokenId;
        r.accountId = accountId;
        return r;
    }

    public static Revocation upTo(long accountId, long issuedUpTo) {
        Revocation r = new Revocation();
        r.accountId = accountId;
        r.issuedUpTo = issuedUpTo;
        return r;
    }
}
