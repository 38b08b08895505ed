package io.cinemesh.users.service;

import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.RevocationList;
import io.cinemesh.users.repository.Account;
import io.cinemesh.users.security.PasswordHasher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accounts and their shares. Every change is one transaction with its {@code user.events} publication and its
 * audit record; passwords and PINs are hashed off the event loop before the transaction starts.
 */
@ApplicationScoped
public class AccountService {

    public static final int MAX_SHARED_SECTIONS = 1000;

    @Inject
    PasswordHasher hasher;
    @Inject
    OffLoop offLoop;
    @Inject
    UserEvents userEvents;
    @Inject
    AuditTrail audit;
    @Inject
    RevocationList revocations;

    /** A new user as the owner asks for it. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record NewUser(String name, String kind, String password, String pin, String email,
            String contentRatingLimit) {
    }

    /** Changes to a user; a null field stays as it is, an empty pin, email or rating removes it. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record UserChange(String name, String password, String pin, String email, String contentRatingLimit) {
    }

    /** The sections a user may see, replacing what they had. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record ShareChange(Boolean allSections, List<Long> sectionIds, String contentRatingLimit) {
    }

    public Uni<List<Account>> list() {
        return Panache.withSession(() -> Account.<Account>listAll(Sort.by("id")));
    }

    public Uni<Account> get(long id) {
        return Panache.withSession(() -> Account.<Account>findById(id)).map(a -> {
            if (a == null) {
                throw new NotFoundException("No user with id " + id);
            }
            return a;
        });
    }

    public Uni<Account> create(Caller by, NewUser req, RequestInfo info) {
        if (req == null) {
            throw new BadRequestException("a JSON body with name and kind is required");
        }
        String name = Validation.name(req.name());
        String kind = req.kind() == null ? Account.USER : req.kind().strip().toLowerCase(java.util.Locale.ROOT);
        if (!kind.equals(Account.USER) && !kind.equals(Account.MANAGED)) {
            throw new BadRequestException("kind must be 'user' or 'managed'");
        }
        String email = Validation.email(req.email());
        if (kind.equals(Account.USER)) {
            Validation.password(req.password());
            if (req.contentRatingLimit() != null && !req.contentRatingLimit().isBlank()) {
                throw new BadRequestException("contentRatingLimit applies to managed users only");
            }
        } else if (req.password() != null) {
            throw new BadRequestException("managed users have no password: they are reached by switching from the"
                    + " owner's account (set a pin to protect them)");
        }
        String rating = Validation.contentRating(req.contentRatingLimit());
        String pin = req.pin() == null || req.pin().isEmpty() ? null : Validation.pin(req.pin());
        return offLoop.run(() -> new String[] {
                    req.password() == null ? null : hasher.hash(req.password()),
                    pin == null ? null : hasher.hash(pin)})
                .chain(hashes -> Panache.withTransaction(() -> ensureFree(name, email, null).chain(() -> {
                    Account a = new Account();
                    a.name = name;
                    a.kind = kind;
                    a.email = email;
                    a.passwordHash = hashes[0];
                    a.pinHash = hashes[1];
                    a.contentRatingLimit = rating;
                    a.createdAt = OffsetDateTime.now();
                    a.updatedAt = a.createdAt;
                    return a.<Account>persistAndFlush();
                }).call(a -> userEvents.userChanged(a.id))
                        .call(a -> audit.record(by, "user.create", "account:" + a.id, info.from(),
                                AuditTrail.SUCCESS))))
                .onFailure(AccountService::isUniqueViolation).transform(e -> taken(name));
    }

    public Uni<Account> update(Caller by, long id, UserChange req, RequestInfo info) {
        if (req == null) {
            throw new BadRequestException("a JSON body with the fields to change is required");
        }
        String name = req.name() == null ? null : Validation.name(req.name());
        String email = req.email() == null ? null : Validation.email(req.email());
        String password = req.password() == null ? null : Validation.password(req.password());
        String pin = req.pin() == null || req.pin().isEmpty() ? null : Validation.pin(req.pin());
        String rating = req.contentRatingLimit() == null ? null : Validation.contentRating(req.contentRatingLimit());
        return offLoop.run(() -> new String[] {
                    password == null ? null : hasher.hash(password),
                    pin == null ? null : hasher.hash(pin)})
                .chain(hashes -> Panache.withTransaction(() -> Account.<Account>findById(id).chain(a -> {
                    if (a == null) {
                        throw new NotFoundException("No user with id " + id);
                    }
                    if (password != null && a.isManaged()) {
                        throw new BadRequestException("managed users have no password (set a pin instead)");
                    }
                    if (req.contentRatingLimit() != null && !a.isManaged()) {
                        throw new BadRequestException("contentRatingLimit applies to managed users only");
                    }
                    return ensureFree(name, email == null || email.isEmpty() ? null : email, a.id).chain(() -> {
                        List<String> changed = new ArrayList<>();
                        if (name != null && !name.equals(a.name)) {
                            a.name = name;
                            changed.add("name");
                        }
                        if (req.email() != null) {
                            a.email = email;
                            changed.add("email");
                        }
                        if (hashes[0] != null) {
                            a.passwordHash = hashes[0];
                            changed.add("password");
                        }
                        if (req.pin() != null) {
                            a.pinHash = hashes[1];
                            changed.add("pin");
                        }
                        if (req.contentRatingLimit() != null) {
                            a.contentRatingLimit = rating;
                            changed.add("contentRatingLimit");
                        }
                        a.updatedAt = OffsetDateTime.now();
                        Uni<Void> events = userEvents.userChanged(a.id);
                        if (changed.contains("contentRatingLimit")) {
                            events = events.chain(() -> userEvents.shareChanged(a.id));
                        }
                        if (changed.contains("password")) {
                            // A new password signs the user out everywhere: whoever knew the old one keeps nothing.
                            events = events.chain(() -> userEvents.tokensRevokedUpTo(a.id, now()));
                        }
                        return events.chain(() -> audit.record(by, "user.update", "account:" + a.id
                                + " fields:" + String.join(",", changed), info.from(), AuditTrail.SUCCESS))
                                .replaceWith(a);
                    });
                })))
                .invoke(a -> {
                    if (password != null) {
                        revocations.revokeUser(a.id, now());
                    }
                })
                .onFailure(AccountService::isUniqueViolation).transform(e -> name != null ? taken(name)
                        : new ClientErrorException("the login or email is already used by another user", 409));
    }

    public Uni<Void> delete(Caller by, long id, RequestInfo info) {
        if (id == Caller.OWNER_ID) {
            throw new BadRequestException("the owner cannot be deleted");
        }
        return Panache.withTransaction(() -> Account.<Account>findById(id).chain(a -> {
            if (a == null) {
                throw new NotFoundException("No user with id " + id);
            }
            if (a.isOwner()) {
                throw new BadRequestException("the owner cannot be deleted");
            }
            return a.delete()
                    .chain(() -> userEvents.userDeleted(id))
                    .chain(() -> audit.record(by, "user.delete", "account:" + id, info.from(), AuditTrail.SUCCESS));
        })).invoke(() -> revocations.revokeUser(id, Long.MAX_VALUE));
    }

    public Uni<AccessView> access(long id) {
        return Panache.withSession(() -> Account.<Account>findById(id).chain(a -> {
            if (a == null) {
                throw new NotFoundException("No user with id " + id);
            }
            return sectionsOf(id).map(sections -> view(a, sections));
        }));
    }

    public Uni<List<AccessView>> accessOfAll() {
        return Panache.withSession(() -> Account.<Account>listAll(Sort.by("id")).chain(accounts -> Panache
                .getSession().chain(s -> s.createNativeQuery(
                        "SELECT account_id, section_id FROM share ORDER BY account_id, section_id", Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<Long, List<Long>> byAccount = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        byAccount.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>())
                                .add(((Number) r[1]).longValue());
                    }
                    return accounts.stream().map(a -> view(a, byAccount.getOrDefault(a.id, List.of()))).toList();
                })));
    }

    public Uni<AccessView> share(Caller by, long id, ShareChange req, RequestInfo info) {
        if (req == null) {
            throw new BadRequestException("a JSON body with sectionIds (and optionally allSections,"
                    + " contentRatingLimit) is required");
        }
        boolean all = Boolean.TRUE.equals(req.allSections());
        Collection<Long> sections = new TreeSet<>();
        if (req.sectionIds() != null) {
            for (Long s : req.sectionIds()) {
                if (s == null || s <= 0) {
                    throw new BadRequestException("sectionIds must be positive section ids");
                }
                sections.add(s);
            }
        }
        if (sections.size() > MAX_SHARED_SECTIONS) {
            throw new BadRequestException("at most " + MAX_SHARED_SECTIONS + " sections can be shared");
        }
        String rating = Validation.contentRating(req.contentRatingLimit());
        return Panache.withTransaction(() -> Account.<Account>findById(id).chain(a -> {
            if (a == null) {
                throw new NotFoundException("No user with id " + id);
            }
            if (a.isOwner()) {
                throw new BadRequestException("the owner sees every section; shares are for other users");
            }
            if (rating != null && !a.isManaged()) {
                throw new BadRequestException("contentRatingLimit applies to managed users only");
            }
            a.allSections = all;
            a.contentRatingLimit = rating;
            a.updatedAt = OffsetDateTime.now();
            return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM share WHERE account_id = :a")
                            .setParameter("a", id).executeUpdate()
                            .chain(() -> insertShares(s, id, sections)))
                    .chain(() -> userEvents.shareChanged(id))
                    .chain(() -> audit.record(by, "share.update", "account:" + id + " sections:"
                            + (all ? "all" : sections.toString().replace(" ", "")), info.from(), AuditTrail.SUCCESS))
                    .replaceWith(() -> view(a, List.copyOf(sections)));
        }));
    }

    private static Uni<Void> insertShares(org.hibernate.reactive.mutiny.Mutiny.Session s, long id,
            Collection<Long> sections) {
        if (sections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return s.createNativeQuery("INSERT INTO share (account_id, section_id) SELECT :a, unnest(cast(:ids AS bigint[]))")
                .setParameter("a", id)
                .setParameter("ids", sections.toArray(new Long[0]))
                .executeUpdate().replaceWithVoid();
    }

    public Uni<List<Long>> sectionsOf(long id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT section_id FROM share WHERE account_id = :a ORDER BY section_id", Long.class)
                .setParameter("a", id).getResultList());
    }

    public static AccessView view(Account a, List<Long> sections) {
        boolean all = a.isOwner() || a.allSections;
        return new AccessView(a.id, a.name, a.kind, all, all ? List.of() : sections,
                a.isManaged() ? a.contentRatingLimit : null);
    }

    private Uni<Void> ensureFree(String name, String email, Long except) {
        Uni<Void> check = Uni.createFrom().voidItem();
        if (name != null) {
            check = check.chain(() -> Account.count("(lower(name) = lower(?1) or lower(email) = lower(?1)) and id <> ?2",
                    name, except == null ? -1L : except).invoke(n -> {
                        if (n > 0) {
                            throw taken(name);
                        }
                    }).replaceWithVoid());
        }
        if (email != null) {
            check = check.chain(() -> Account.count("(lower(name) = lower(?1) or lower(email) = lower(?1)) and id <> ?2",
                    email, except == null ? -1L : except).invoke(n -> {
                        if (n > 0) {
                            throw new ClientErrorException("the email " + email + " is already used by another user",
                                    409);
                        }
                    }).replaceWithVoid());
        }
        return check;
    }

    private static ClientErrorException taken(String name) {
        return new ClientErrorException("a user with the login '" + name + "' already exists", 409);
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }
}
