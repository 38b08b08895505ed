package io.cinemesh.users.service;

import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CallerKind;
import io.cinemesh.tokens.RevocationList;
import io.cinemesh.tokens.TokenVerifier;
import io.cinemesh.users.repository.Account;
import io.cinemesh.users.repository.AuthToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * Issues tokens with the shared {@link io.cinemesh.tokens.TokenCodec} and keeps their ids, so that the owner can
 * list and revoke them. A revocation is published on {@code user.events} (every service's
 * {@link io.cinemesh.tokens.RevocationFeed} applies it) and applied here at once.
 */
@ApplicationScoped
public class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    TokenVerifier verifier;
    @Inject
    RevocationList revocations;
    @Inject
    UserEvents userEvents;
    @Inject
    AuditTrail audit;

    /** An issued token: the token itself goes to the client only, never to a log or a table. */
    public record Issued(String token, Caller caller) {
    }

    /** Issues a token for {@code account}; call inside a transaction, with the audit record of why. */
    public Uni<Issued> issue(Account account, String origin, RequestInfo info) {
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        Instant now = Instant.now();
        String tokenId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        Caller caller = new Caller(account.id, account.name, CallerKind.fromCode(account.kind), tokenId,
                now.getEpochSecond());
        // Revoking "all tokens up to now" works in whole seconds: a token issued in that same second (a sign-in
        // right after a password change) is dated one second later so that it is not born revoked.
        while (revocations.isRevoked(caller) && caller.issuedAt() < now.getEpochSecond() + 2) {
            caller = new Caller(account.id, account.name, caller.kind(), tokenId, caller.issuedAt() + 1);
        }
        Caller issued = caller;
        AuthToken row = new AuthToken();
        row.id = tokenId;
        row.accountId = account.id;
        row.issuedAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        row.issuedEpoch = issued.issuedAt();
        row.origin = origin;
        row.clientIdentifier = info.clientIdentifier();
        row.deviceName = info.deviceName();
        row.fromAddress = info.from();
        return row.persist()
                .chain(() -> audit.record(issued, "token.issue", "token:" + tokenId, info.from(), AuditTrail.SUCCESS))
                .replaceWith(() -> new Issued(verifier.codec().issue(issued), issued));
    }

    public Uni<List<AuthToken>> list(Long accountId, boolean includeRevoked) {
        StringBuilder q = new StringBuilder("1 = 1");
        if (accountId != null) {
            q.append(" and accountId = :account");
        }
        if (!includeRevoked) {
            q.append(" and revokedAt is null");
        }
        q.append(" order by issuedAt desc");
        io.quarkus.panache.common.Parameters p = accountId == null ? new io.quarkus.panache.common.Parameters()
                : io.quarkus.panache.common.Parameters.with("account", accountId);
        return Panache.withSession(() -> AuthToken.<AuthToken>find(q.toString(), p).list());
    }

    /** Revokes one token; revoking one already revoked changes nothing and publishes nothing. */
    public Uni<AuthToken> revoke(Caller by, String tokenId, RequestInfo info) {
        if (verifier.adminTokenId().filter(tokenId::equals).isPresent()) {
            return revokeAdminToken(by, tokenId, info);
        }
        return Panache.withTransaction(() -> AuthToken.<AuthToken>findById(tokenId).chain(token -> {
            if (token == null) {
                throw new NotFoundException("No token with id " + tokenId);
            }
            if (token.revokedAt != null) {
                return Uni.createFrom().item(token);
            }
            token.revokedAt = OffsetDateTime.now();
            return userEvents.tokenRevoked(token.id, token.accountId)
                    .chain(() -> audit.record(by, "token.revoke", "token:" + token.id, info.from(), AuditTrail.SUCCESS))
                    .replaceWith(token);
        })).invoke(token -> revocations.revokeToken(token.id));
    }

    /**
     * Revokes the configured admin token ({@code CINEMESH_ADMIN_TOKEN}), which has no {@code auth_token} row: its
     * id is in the revocation table and on {@code user.events} like any other, so every service refuses it until the
     * operator sets a new one (a new value has a new id).
     */
    private Uni<AuthToken> revokeAdminToken(Caller by, String tokenId, RequestInfo info) {
        AuthToken view = new AuthToken();
        view.id = tokenId;
        view.accountId = Caller.OWNER_ID;
        view.issuedAt = OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC);
        view.origin = "CINEMESH_ADMIN_TOKEN";
        view.revokedAt = OffsetDateTime.now();
        if (revocations.isTokenRevoked(tokenId)) {
            return Uni.createFrom().item(view);
        }
        return Panache.withTransaction(() -> userEvents.tokenRevoked(tokenId, Caller.OWNER_ID)
                .chain(() -> audit.record(by, "token.revoke", "token:" + tokenId, info.from(), AuditTrail.SUCCESS)))
                .invoke(() -> revocations.revokeToken(tokenId))
                .replaceWith(view);
    }

    /**
     * Forgets a player: its device record, and every token signed in from it (tokens remember the
     * {@code X-Plex-Client-Identifier} they were issued to). Returns the number of tokens revoked.
     */
    public Uni<Integer> forgetDevice(Caller by, long accountId, String clientIdentifier, RequestInfo info) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "DELETE FROM device WHERE account_id = :account AND client_identifier = :client")
                .setParameter("account", accountId).setParameter("client", clientIdentifier).executeUpdate())
                .chain(deleted -> {
                    if (deleted == 0) {
                        throw new NotFoundException("No device " + accountId + ":" + clientIdentifier);
                    }
                    return AuthToken.<AuthToken>list("accountId = ?1 and clientIdentifier = ?2 and revokedAt is null",
                            accountId, clientIdentifier);
                })
                .call(held -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (AuthToken t : held) {
                        t.revokedAt = OffsetDateTime.now();
                        all = all.chain(() -> userEvents.tokenRevoked(t.id, t.accountId));
                    }
                    return all;
                })
                .call(held -> audit.record(by, "device.delete", "device:" + accountId + ":" + clientIdentifier
                        + " tokens:" + held.size(), info.from(), AuditTrail.SUCCESS)))
                .invoke(held -> held.forEach(t -> revocations.revokeToken(t.id)))
                .map(List::size);
    }

    /** Revokes every token the user holds now ("sign out everywhere"). */
    public Uni<Integer> revokeAll(Caller by, long accountId, RequestInfo info) {
        long upTo = Instant.now().getEpochSecond();
        return Panache.withTransaction(() -> Account.<Account>findById(accountId).chain(account -> {
            if (account == null) {
                throw new NotFoundException("No user with id " + accountId);
            }
            return AuthToken.update("revokedAt = ?1 where accountId = ?2 and revokedAt is null",
                            OffsetDateTime.now(), accountId)
                    .call(() -> userEvents.tokensRevokedUpTo(accountId, upTo))
                    .call(() -> audit.record(by, "token.revoke-all", "account:" + accountId, info.from(),
                            AuditTrail.SUCCESS));
        })).invoke(() -> revocations.revokeUser(accountId, upTo));
    }
}
