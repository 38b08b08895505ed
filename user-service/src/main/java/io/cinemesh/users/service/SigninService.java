package io.cinemesh.users.service;

import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.cinemesh.users.device.DeviceRegistry;
import io.cinemesh.users.repository.Account;
import io.cinemesh.users.repository.AuthToken;
import io.cinemesh.users.security.HashCheckGate;
import io.cinemesh.users.security.PasswordHasher;
import io.cinemesh.users.security.SigninThrottle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Duration;

/**
 * Sign-in with login and password, and switching from the owner to a managed user (Plex Home), both throttled
 * per account and per address ({@link SigninThrottle}), with a bounded number of hashes checked at once
 * ({@link HashCheckGate}), and both audited, successes and failures alike.
 */
@ApplicationScoped
public class SigninService {

    /** What a client turned away by {@link HashCheckGate} is told to wait: a check takes well under a second. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    @Inject
    PasswordHasher hasher;
    @Inject
    HashCheckGate gate;
    @Inject
    SigninThrottle throttle;
    @Inject
    TokenService tokens;
    @Inject
    AuditTrail audit;
    @Inject
    DeviceRegistry devices;

    /** What became of an attempt. */
    public sealed interface Outcome permits SignedIn, Refused, Throttled, Busy {
    }

    public record SignedIn(Account account, String token) implements Outcome {
    }

    public record Refused(String message) implements Outcome {
    }

    public record Throttled(Duration retryAfter) implements Outcome {
    }

    /** Too many hash checks running and waiting: nothing was checked or counted. */
    public record Busy(Duration retryAfter) implements Outcome {
    }

    private record Reserved(SigninThrottle.Reservation reservation, Account account) {
    }

    private record Check(boolean ok, String rehash) {
    }

    public Uni<Outcome> signin(String login, String password, RequestInfo info) {
        if (login == null || login.isBlank()) {
            throw new BadRequestException("login is required");
        }
        if (password == null || password.isEmpty()) {
            throw new BadRequestException("password is required");
        }
        if (login.length() > 254 || password.length() > Validation.PASSWORD_MAX) {
            throw new BadRequestException("login or password is too long");
        }
        String key = SigninThrottle.loginKey(login);
        return Panache.withTransaction(() -> Account.byLogin(login.strip()).<Account>firstResult()
                        .chain(a -> knownAddress(a, info).chain(known -> throttle.reserve(key, info.from(), known))
                                .map(r -> new Reserved(r, a))))
                .chain(r -> {
                    Account found = r.account();
                    String target = "account:" + (found == null ? "unknown" : found.id);
                    if (r.reservation().blocked().isPresent()) {
                        return Panache.withTransaction(() -> audit.record("anonymous", null, "signin", target,
                                info.from(), AuditTrail.DENIED))
                                .replaceWith(new Throttled(r.reservation().blocked().get()));
                    }
                    String stored = found == null || found.isManaged() ? null : found.passwordHash;
                    return gate.check(() -> {
                        boolean ok = hasher.matches(password, stored);
                        return new Check(ok, ok && hasher.needsRehash(stored) ? hasher.hash(password) : null);
                    }).chain(c -> c.isEmpty() ? busy(r.reservation())
                            : c.get().ok() ? succeed(r, key, c.get().rehash(), info) : refused(found, target, info));
                });
    }

    /** A wrong password or an unknown login: audited; the attempt stays counted. */
    private Uni<Outcome> refused(Account found, String target, RequestInfo info) {
        return Panache.withTransaction(() -> audit.record(found == null ? "anonymous" : Long.toString(found.id),
                        found == null ? null : found.name, "signin", target, info.from(), AuditTrail.FAILURE))
                .replaceWith(new Refused("User could not be authenticated: wrong login or password"));
    }

    private static Uni<Boolean> knownAddress(Account account, RequestInfo info) {
        return account == null ? Uni.createFrom().item(false) : AuthToken.everIssuedAt(account.id, info.from());
    }

    private Uni<Outcome> busy(SigninThrottle.Reservation reservation) {
        return Panache.withTransaction(() -> throttle.release(reservation)).replaceWith(new Busy(BUSY_RETRY));
    }

    private Uni<Outcome> succeed(Reserved r, String key, String rehash, RequestInfo info) {
        return Panache.withTransaction(() -> throttle.succeeded(r.reservation(), key)
                        .chain(() -> Account.<Account>findById(r.account().id))
                        .chain(a -> {
                            if (rehash != null) {
                                a.passwordHash = rehash;
                            }
                            return tokens.issue(a, AuthToken.SIGNIN, info)
                                    .call(issued -> audit.record(issued.caller(), "signin", "account:" + a.id,
                                            info.from(), AuditTrail.SUCCESS))
                                    .map(issued -> (Outcome) new SignedIn(a, issued.token()));
                        }))
                .invoke(o -> devices.seen(((SignedIn) o).account().id, info));
    }

    /** The owner becomes a managed user: a token for that user, if its PIN (when it has one) is right. */
    public Uni<Outcome> switchTo(Caller by, long targetId, String pin, RequestInfo info) {
        if (!by.isOwner()) {
            throw new ForbiddenException("Only the owner can switch to a managed user");
        }
        String key = SigninThrottle.pinKey(targetId);
        return Panache.withSession(() -> Account.<Account>findById(targetId)).chain(target -> {
            if (target == null) {
                throw new NotFoundException("No user with id " + targetId);
            }
            if (!target.isManaged()) {
                throw new BadRequestException("Only managed users can be switched to; " + target.name
                        + " signs in with a password");
            }
            if (target.pinHash == null) {
                return switched(by, target, info);
            }
            if (pin == null || pin.isEmpty()) {
                return Uni.createFrom().item(new Refused("This user is protected by a PIN: send pin"));
            }
            return Panache.withTransaction(() -> throttle.reserve(key, info.from(), false)).chain(r -> {
                if (r.blocked().isPresent()) {
                    return Panache.withTransaction(() -> audit.record(by, "user.switch", "account:" + targetId,
                            info.from(), AuditTrail.DENIED)).replaceWith(new Throttled(r.blocked().get()));
                }
                return gate.check(() -> hasher.matches(pin, target.pinHash)).chain(right -> right.isEmpty()
                        ? busy(r)
                        : right.get() ? Panache.withTransaction(() -> throttle.succeeded(r, key))
                                .chain(() -> switched(by, target, info))
                        : Panache.withTransaction(() -> audit.record(by, "user.switch", "account:" + targetId,
                                info.from(), AuditTrail.FAILURE)).replaceWith(new Refused("Wrong PIN")));
            });
        });
    }

    private Uni<Outcome> switched(Caller by, Account target, RequestInfo info) {
        return Panache.withTransaction(() -> Account.<Account>findById(target.id)
                .chain(a -> tokens.issue(a, AuthToken.SWITCH, info)
                        .call(issued -> audit.record(by, "user.switch", "account:" + a.id, info.from(),
                                AuditTrail.SUCCESS))
                        .map(issued -> (Outcome) new SignedIn(a, issued.token()))));
    }
}
