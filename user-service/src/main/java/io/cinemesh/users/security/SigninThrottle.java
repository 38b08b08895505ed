package io.cinemesh.users.security;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Throttles failed sign-ins (and PIN checks) per account and per client address, in PostgreSQL so that every
 * replica counts the same failures. After {@code max-failures} failures within {@code window} a key is blocked
 * for {@code lockout}, doubled for every further failure up to {@code max-lockout}. Attempts while blocked are
 * refused without checking the password and are not counted, so a blocked account cannot be locked out longer
 * by someone hammering it.
 *
 * <p>Keys hold a digest of the typed login, never the login itself: people type passwords into login fields.
 */
@ApplicationScoped
public class SigninThrottle {

    @ConfigProperty(name = "cinemesh.signin.max-failures-per-account", defaultValue = "5")
    int maxPerAccount;
    @ConfigProperty(name = "cinemesh.signin.max-failures-per-address", defaultValue = "20")
    int maxPerAddress;
    @ConfigProperty(name = "cinemesh.signin.window", defaultValue = "PT15M")
    Duration window;
    @ConfigProperty(name = "cinemesh.signin.lockout", defaultValue = "PT30S")
    Duration lockout;
    @ConfigProperty(name = "cinemesh.signin.max-lockout", defaultValue = "PT15M")
    Duration maxLockout;

    public static String loginKey(String login) {
        return "login:" + sha256(login.strip().toLowerCase(Locale.ROOT));
    }

    public static String pinKey(long accountId) {
        return "pin:" + accountId;
    }

    public static String addressKey(String address) {
        return "address:" + address;
    }

    /** How long the first blocked key of these is still blocked; empty when none is. Call inside a session. */
    public Uni<Optional<Duration>> blockedFor(List<String> keys) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT max(blocked_until) FROM signin_throttle WHERE key IN (:keys) AND blocked_until > now()",
                        OffsetDateTime.class)
                .setParameter("keys", keys)
                .getSingleResultOrNull())
                .map(until -> until == null ? Optional.empty()
                        : Optional.of(Duration.between(OffsetDateTime.now(), until)));
    }

    /** Counts a failure against the account key and the address key; call inside a transaction. */
    public Uni<Void> failed(String accountKey, String address) {
        return count(accountKey, maxPerAccount).chain(() -> count(addressKey(address), maxPerAddress));
    }

    /** Forgets an account key's failures after a success. The address keeps its count until the window passes. */
    public Uni<Void> succeeded(String accountKey) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM signin_throttle WHERE key = :k")
                .setParameter("k", accountKey).executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> count(String key, int max) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO signin_throttle AS t (key, failures, last_failure) VALUES (:k, 1, now()) "
                                + "ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN t.last_failure < now() "
                                + "- make_interval(secs => :window) THEN 1 ELSE t.failures + 1 END, "
                                + "last_failure = now() RETURNING failures", Integer.class)
                .setParameter("k", key)
                .setParameter("window", (double) window.toSeconds())
                .getSingleResult()
                .chain(failures -> failures < max ? Uni.createFrom().voidItem() : s.createNativeQuery(
                                "UPDATE signin_throttle SET blocked_until = now() + make_interval(secs => :secs) "
                                        + "WHERE key = :k")
                        .setParameter("k", key)
                        .setParameter("secs", (double) lockoutAfter(failures - max))
                        .executeUpdate().replaceWithVoid()));
    }

    private long lockoutAfter(int beyond) {
        long secs = lockout.toSeconds() << Math.min(beyond, 20);
        return Math.min(secs, maxLockout.toSeconds());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
