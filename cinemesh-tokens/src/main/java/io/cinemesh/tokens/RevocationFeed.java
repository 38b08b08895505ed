package io.cinemesh.tokens;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.UserEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds the {@link RevocationList} from {@code user.events}: the fast path. Every replica reads the whole topic from
 * the start under its own consumer group; what the topic no longer holds (retention) comes from
 * {@link RevocationBootstrap}.
 */
@ApplicationScoped
public class RevocationFeed {

    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);

    @Inject
    RevocationList revocations;

    @Incoming("user-events")
    public void onUserEvent(String json) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipping a record on user.events that is not an event: %s", e.getMessage());
            return;
        }
        if (!EventTypes.TOKEN_REVOKED.equals(event.type()) && !EventTypes.USER_DELETED.equals(event.type())) {
            return; // other user events are for the ACL caches; nothing to revoke
        }
        UserEvent u;
        try {
            u = event.data(UserEvent.class);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipping a malformed revocation: %s", e.getMessage());
            return;
        }
        if (EventTypes.USER_DELETED.equals(event.type())) {
            revocations.revokeUser(u.userId(), Long.MAX_VALUE);
            return;
        }
        if (u.tokenId() != null) {
            revocations.revokeToken(u.tokenId());
        }
        if (u.issuedUpTo() != null) {
            revocations.revokeUser(u.userId(), u.issuedUpTo());
        }
    }
}
