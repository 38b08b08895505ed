package io.cinemesh.stream.access.service;

import io.cinemesh.events.AccessChanges;
import io.cinemesh.stream.client.LibraryLookup;
import io.cinemesh.stream.transcode.service.TranscodeSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * user.events as this replica's own feed (its own group, from the latest record), beside the revocation feed's:
 * when a user's access changes, the part answers cached for that user go, and their transcodes end when their
 * shares or rating limit changed or they are gone. One consumer for both, one group per replica.
 */
@ApplicationScoped
public class UserAccessFeed {

    @Inject
    LibraryLookup lookup;
    @Inject
    TranscodeSessions transcodes;

    @Incoming("user-events-access")
    public Uni<Void> onUserEvent(String json) {
        AccessChanges.userOf(json).ifPresent(lookup::forgetUser);
        return transcodes.onAccessChange(json);
    }
}
