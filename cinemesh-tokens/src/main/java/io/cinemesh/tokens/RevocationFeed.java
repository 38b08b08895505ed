package io.cinemesh.tokens;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
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
        switch (event.type()) {
            case EventTypes.TOKEN_REVOKED -> {
                String tokenId = event.text("tokenId");
                Long userId = event.number("userId");
                Long upTo = event.number("issuedUpTo");
                if (tokenId != null) {
                    revocations.revokeToken(tokenId);
                }
                if (userId != null && upTo != null) {
                    revocations.revokeUser(userId, upTo);
                }
            }
            case EventTypes.USER_DELETED -> {
                Long userId = event.number("userId");
                if (userId != null) {
                    revocations.revokeUser(userId, Long.MAX_VALUE);
                }
            }
            default -> {
                // Other user events are for the ACL caches; nothing to revoke.
            }
        }
    }
}
