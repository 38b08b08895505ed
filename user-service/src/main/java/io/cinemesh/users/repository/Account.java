package io.cinemesh.users.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A person who may use the server: the owner, a user with a password, or a managed user. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    public static final String OWNER = "owner";
    public static final String USER = "user";
    public static final String MANAGED = "managed";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String kind;
    public String email;
    /** PBKDF2 hash; never the password. */
    @Column(name = "password_hash")
    public String passwordHash;
    /** PBKDF2 hash; never the PIN. */
    @Column(name = "pin_hash")
    public String pinHash;
    @Column(name = "content_rating_limit")
    public String contentRatingLimit;
    @Column(name = "all_sections", nullable = false)
    public boolean allSections;
    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt = OffsetDateTime.now();

    public boolean isOwner() {
        return OWNER.equals(kind);
    }

    public boolean isManaged() {
        return MANAGED.equals(kind);
    }

    /** The account a login names: its name or its e-mail, either case-insensitively. */
    public static PanacheQuery<Account> byLogin(String login) {
        return find("lower(name) = lower(?1) or lower(email) = lower(?1)", login);
    }
}
