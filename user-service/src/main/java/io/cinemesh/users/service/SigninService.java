package io.cinemesh.users.service;

import io.cinemesh.tokens.Caller;
import io.cinemesh.users.device.DeviceRegistry;
import io.cinemesh.users.repository.Account;
import io.cinemesh.users.repository.AuthToken;
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
import java.util.List;
import java.util.Optional;

/**
 * Sign-in with login and password, and switching from the owner to a managed user (Plex Home), both throttled
 * per account and per address and both audited, successes and failures alike.
 */
@ApplicationScoped
public class SigninService {

    @Inject
    PasswordHasher hasher;
    @Inject
    OffLoop offLoop;
    @Inject
    SigninThrottle throttle;
    @Inject
    TokenService tokens;
    @Inject
    AuditTrail audit;
    @Inject
    DeviceRegistry devices;

    /** What became of an attempt. */
    public sealed interface Outcome permits SignedIn, Refused, Throttled {
    }

    public record SignedIn(Account account, String token) implements Outcome {
    }

    public record Refused(String message) implements Outcome {
    }

    public record Throttled(Duration retryAfter) implements Outcome {
    }

    private record Found(Optional<Duration> blocked, Account account) {
    }

    private record Check(Account account, boolean ok, String rehash) {
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
        return Panache.withSession(() -> throttle.blockedFor(List.of(key, SigninThrottle.addressKey(info.from())))
                .chain(blocked -> Account.byLogin(login.strip()).<Account>firstResult()
                        .map(a -> new Found(blocked, a))))
                .chain(f -> {
                    Account found = f.account();
                    Optional<Duration> blocked = f.blocked();
                    if (blocked.isPresent()) {
                        return Panache.withTransaction(() -> audit.record("anonymous", null, "signin",
                                        "account:" + (found == null ? "unknown" : found.id), info, AuditTrail.DENIED))
                                .replaceWith(new Throttled(blocked.get()));
                    }
                    return check(found, password).chain(c -> c.ok() ? succeed(c, key, info) : fail(c, key, info));
                });
    }

    private Uni<Check> check(Account account, String password) {
        String stored = account == null || account.isManaged() ? null : account.passwordHash;
        return offLoop.run(() -> {
            boolean ok = hasher.matches(password, stored);
            return new Check(account, ok, ok && hasher.needsRehash(stored) ? hasher.hash(password) : null);
        });
    }

    private Uni<Outcome> succeed(Check c, String key, RequestInfo info) {
        return Panache.withTransaction(() -> throttle.succeeded(key)
                        .chain(() -> Account.<Account>findById(c.account().id))
                        .chain(a -> {
                            if (c.rehash() != null) {
                                a.passwordHash = c.rehash();
                            }
                            return tokens.issue(a, AuthToken.SIGNIN, info)
                                    .call(issued -> audit.record(issued.caller(), "signin", "account:" + a.id, info,
                                            AuditTrail.SUCCESS))
                                    .map(issued -> (Outcome) new SignedIn(a, issued.token()));
                        }))
                .invoke(o -> devices.seen(((SignedIn) o).account().id, info));
    }

    private Uni<Outcome> fail(Check c, String key, RequestInfo info) {
        Account a = c.account();
        return Panache.withTransaction(() -> throttle.failed(key, info.from())
                        .chain(() -> audit.record(a == null ? "anonymous" : Long.toString(a.id),
                                a == null ? null : a.name, "signin", "account:" + (a == null ? "unknown" : a.id),
                                info, AuditTrail.FAILURE)))
                .replaceWith(new Refused("User could not be authenticated: wrong login or password"));
    }

    /** The owner becomes a managed user: a token for that user, if its PIN (when it has one) is right. */
    public Uni<Outcome> switchTo(Caller by, long targetId, String pin, RequestInfo info) {
        if (!by.isOwner()) {
            throw new ForbiddenException("Only the owner can switch to a managed user");
        }
        String key = SigninThrottle.pinKey(targetId);
        return Panache.withSession(() -> throttle.blockedFor(List.of(key, SigninThrottle.addressKey(info.from())))
                .chain(blocked -> Account.<Account>findById(targetId).map(a -> {
                    if (a == null) {
                        throw new NotFoundException("No user with id " + targetId);
                    }
                    if (!a.isManaged()) {
                        throw new BadRequestException("Only managed users can be switched to; " + a.name
                                + " signs in with a password");
                    }
                    return new Found(blocked, a);
                })))
                .chain(f -> {
                    Account target = f.account();
                    Optional<Duration> blocked = f.blocked();
                    if (blocked.isPresent()) {
                        return Panache.withTransaction(() -> audit.record(by, "user.switch", "account:" + targetId,
                                info, AuditTrail.DENIED)).replaceWith(new Throttled(blocked.get()));
                    }
                    if (target.pinHash != null && (pin == null || pin.isEmpty())) {
                        return Uni.createFrom().item(new Refused("This user is protected by a PIN: send pin"));
                    }
                    Uni<Boolean> ok = target.pinHash == null ? Uni.createFrom().item(true)
                            : offLoop.run(() -> hasher.matches(pin, target.pinHash));
                    return ok.chain(right -> right
                            ? Panache.withTransaction(() -> throttle.succeeded(key)
                                    .chain(() -> Account.<Account>findById(targetId))
                                    .chain(a -> tokens.issue(a, AuthToken.SWITCH, info)
                                            .call(issued -> audit.record(by, "user.switch", "account:" + targetId,
                                                    info, AuditTrail.SUCCESS))
                                            .map(issued -> (Outcome) new SignedIn(a, issued.token()))))
                            : Panache.withTransaction(() -> throttle.failed(key, info.from())
                                    .chain(() -> audit.record(by, "user.switch", "account:" + targetId, info,
                                            AuditTrail.FAILURE)))
                                    .replaceWith(new Refused("Wrong PIN")));
                });
    }
}
