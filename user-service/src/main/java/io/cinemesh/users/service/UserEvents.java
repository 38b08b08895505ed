package io.cinemesh.users.service;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.Topics;
import io.cinemesh.events.UserEvent;
import io.cinemesh.outbox.EventOutbox;
import io.cinemesh.users.repository.Revocation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code user.events} contract, keyed by user id, staged through the outbox in the transaction of the change:
 * <ul>
 * <li>{@code share.changed} {userId}: the user's sections or content-rating limit changed; drop cached access.</li>
 * <li>{@code user.changed} {userId}: name, kind or credentials changed.</li>
 * <li>{@code user.deleted} {userId}: every token of the user is void.</li>
 * <li>{@code token.revoked} {tokenId?, userId, issuedUpTo?}: one token, or all the user's tokens issued at or
 * before the epoch second {@code issuedUpTo}.</li>
 * </ul>
 */
@ApplicationScoped
public class UserEvents {

    @Inject
    EventOutbox outbox;

    public Uni<Void> shareChanged(long userId) {
        return stage(EventTypes.SHARE_CHANGED, UserEvent.of(userId));
    }

    public Uni<Void> userChanged(long userId) {
        return stage(EventTypes.USER_CHANGED, UserEvent.of(userId));
    }

    // Revocations are also kept in the revocation table, in the same transaction: the topic forgets after its
    // retention, and /internal/revocations must not.
    public Uni<Void> userDeleted(long userId) {
        return Revocation.upTo(userId, Long.MAX_VALUE).persist()
                .chain(() -> stage(EventTypes.USER_DELETED, UserEvent.of(userId)));
    }

    public Uni<Void> tokenRevoked(String tokenId, long userId) {
        return Revocation.token(tokenId, userId).persist()
                .chain(() -> stage(EventTypes.TOKEN_REVOKED, new UserEvent(userId, tokenId, null)));
    }

    public Uni<Void> tokensRevokedUpTo(long userId, long issuedUpTo) {
        return Revocation.upTo(userId, issuedUpTo).persist()
                .chain(() -> stage(EventTypes.TOKEN_REVOKED, new UserEvent(userId, null, issuedUpTo)));
    }

    private Uni<Void> stage(String type, UserEvent data) {
        return outbox.stage(Topics.USER, CinemeshEvent.of(type, outbox.source(), Long.toString(data.userId()),
                data));
    }
}
