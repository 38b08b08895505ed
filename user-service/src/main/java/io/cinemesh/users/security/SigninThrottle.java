package io.cinemesh.users.security;

import io.cinemesh.users.config.SigninConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Throttles sign-ins (and PIN checks) per account and per client address, in PostgreSQL so that every replica
 * counts the same attempts. An attempt is reserved, counted as a failure, before its password is checked, with
 * the keys' rows locked, so a burst of parallel guesses is counted one after another and no more than
 * {@code max-failures} of them are ever checked; a success gives its reservation back. After {@code max-failures}
 * within {@code window} a key is blocked for {@code lockout}, doubled for every further failure up to
 * {@code max-lockout}. Attempts while blocked are refused without checking the password and are not counted, so
 * a blocked account cannot be locked out longer by someone hammering it.
 *
 * <p>An account's block does not apply at an address the account was given a token at before (the caller says
 * so): a stranger's guesses lock the account for strangers, not for its owner at home. The address's own limit
 * still applies there.
 *
 * <p>Keys hold a digest of the typed login, never the login itself: people type passwords into login fields.
 */
@ApplicationScoped
public class SigninThrottle {

    @Inject
    SigninConfig config;

    /** An attempt's place in the count: refused while {@code blocked}, else the keys it was counted against. */
    public record Reservation(Optional<Duration> blocked, List<String> counted) {
    }

    public static String loginKey(String login) {
        return "login:" + sha256(login.strip().toLowerCase(Locale.ROOT));
    }

    public static String pinKey(long accountId) {
        return "pin:" + accountId;
    }

    public static String addressKey(String address) {
        return "address:" + address;
    }

    /**
     * Reserves an attempt on an account key from an address; call inside a transaction, and check nothing when
     * the answer is blocked. {@code knownAddress}: the account was given a token at this address before.
     */
    public Uni<Reservation> reserve(String accountKey, String address, boolean knownAddress) {
        String addressKey = addressKey(address);
        List<String> keys = new ArrayList<>(List.of(accountKey, addressKey));
        Collections.sort(keys);
        return Panache.getSession().chain(s -> s.createNativeQuery(
                                "INSERT INTO signin_throttle (key) VALUES (:k0), (:k1) ON CONFLICT (key) DO NOTHING")
                        .setParameter("k0", keys.get(0)).setParameter("k1", keys.get(1)).executeUpdate()
                        // Locked in key order, so two attempts sharing a key wait for each other, never deadlock.
                        .chain(() -> s.createNativeQuery("SELECT key, extract(epoch FROM blocked_until - now()) "
                                        + "FROM signin_throttle WHERE key IN (:keys) ORDER BY key FOR UPDATE",
                                        Object[].class)
                                .setParameter("keys", keys).getResultList()))
                .chain(rows -> {
                    Map<String, Duration> blocked = new HashMap<>();
                    for (Object[] row : rows) {
                        if (row[1] != null && ((Number) row[1]).doubleValue() > 0) {
                            blocked.put((String) row[0], Duration.ofMillis((long) (((Number) row[1]).doubleValue()
                                    * 1000)));
                        }
                    }
                    Duration accountBlock = blocked.get(accountKey);
                    List<Duration> applies = new ArrayList<>();
                    if (blocked.containsKey(addressKey)) {
                        applies.add(blocked.get(addressKey));
                    }
                    if (accountBlock != null && !knownAddress) {
                        applies.add(accountBlock);
                    }
                    if (!applies.isEmpty()) {
                        return Uni.createFrom().item(new Reservation(Optional.of(Collections.max(applies)),
                                List.of()));
                    }
                    Uni<Void> counted = accountBlock != null ? Uni.createFrom().voidItem()
                            : count(accountKey, config.maxFailuresPerAccount());
                    return counted.chain(() -> count(addressKey, config.maxFailuresPerAddress()))
                            .replaceWith(new Reservation(Optional.empty(), accountBlock != null ? List.of(addressKey)
                                    : List.of(accountKey, addressKey)));
                });
    }

    /** After a success: the account key's failures are forgotten, the address gets its reservation back. */
    public Uni<Void> succeeded(Reservation r, String accountKey) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM signin_throttle WHERE key = :k")
                .setParameter("k", accountKey).executeUpdate()).chain(() -> release(r));
    }

    /** Gives a reservation back: the attempt was never checked. Call inside a transaction. */
    public Uni<Void> release(Reservation r) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (String key : r.counted()) {
            int max = key.startsWith("address:") ? config.maxFailuresPerAddress() : config.maxFailuresPerAccount();
            done = done.chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                            "UPDATE signin_throttle SET failures = failures - 1, blocked_until = CASE WHEN "
                                    + "failures - 1 < :max THEN NULL ELSE blocked_until END "
                                    + "WHERE key = :k AND failures > 0")
                    .setParameter("k", key).setParameter("max", max).executeUpdate()).replaceWithVoid());
        }
        return done;
    }

    private Uni<Void> count(String key, int max) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO signin_throttle AS t (key, failures, last_failure) VALUES (:k, 1, now()) "
                                + "ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN t.last_failure < now() "
                                + "- make_interval(secs => :window) THEN 1 ELSE t.failures + 1 END, "
                                + "last_failure = now() RETURNING failures", Integer.class)
                .setParameter("k", key)
                .setParameter("window", (double) config.window().toSeconds())
                .getSingleResult()
                .chain(failures -> failures < max ? Uni.createFrom().voidItem() : s.createNativeQuery(
                                "UPDATE signin_throttle SET blocked_until = now() + make_interval(secs => :secs) "
                                        + "WHERE key = :k")
                        .setParameter("k", key)
                        .setParameter("secs", (double) lockoutAfter(failures - max))
                        .executeUpdate().replaceWithVoid()));
    }

    private long lockoutAfter(int beyond) {
        long secs = config.lockout().toSeconds() << Math.min(beyond, 20);
        return Math.min(secs, config.maxLockout().toSeconds());
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
