package io.cinemesh.library.watch.service;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Watch state from real playback ({@code playback.events} from stream-service): the offset while playing, a
 * play when watched. Delivery is at least once, so each event id is applied once, in the same transaction as its
 * effect.
 */
@ApplicationScoped
public class PlaybackEvents {

    private static final Logger LOG = Logger.getLogger(PlaybackEvents.class);

    @Inject
    Pool pool;

    @Incoming("playback-events")
    public Uni<Void> onPlayback(String json) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipping a record on playback.events that is not an event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        Long userId;
        Long itemId;
        try {
            userId = event.number("userId");
            itemId = event.number("ratingKey");
        } catch (NumberFormatException e) {
            LOG.warnf("Skipping playback event %s with a malformed user or ratingKey", event.id());
            return Uni.createFrom().voidItem();
        }
        if (userId == null || itemId == null) {
            return Uni.createFrom().voidItem();
        }
        UUID id;
        try {
            id = UUID.fromString(event.id());
        } catch (IllegalArgumentException e) {
            id = UUID.nameUUIDFromBytes(event.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        UUID eventId = id;
        String type = event.type();
        // A play that crossed the watched threshold keeps going into the credits, and its stop comes after
        // playback.watched: an offset from it would put a watched item back on deck as partly watched.
        Long offset = Boolean.parseBoolean(event.text("watched")) ? null : event.number("viewOffsetMs");
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO consumed_event (id) VALUES ($1) "
                        + "ON CONFLICT DO NOTHING").execute(Tuple.of(eventId))
                .chain(inserted -> {
                    if (inserted.rowCount() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    return conn.preparedQuery("SELECT 1 FROM item WHERE id = $1 AND type IN (1, 4, 10, 13)")
                            .execute(Tuple.of(itemId)).chain(known -> {
                                if (known.rowCount() == 0) {
                                    return Uni.createFrom().voidItem();
                                }
                                return switch (type) {
                                    case EventTypes.PLAYBACK_WATCHED -> WatchStateService.watched(conn, userId,
                                            List.of(itemId));
                                    case EventTypes.PLAYBACK_STARTED, EventTypes.PLAYBACK_PROGRESS,
                                            EventTypes.PLAYBACK_PAUSED, EventTypes.PLAYBACK_STOPPED ->
                                            offset == null ? Uni.createFrom().voidItem()
                                                    : WatchStateService.offset(conn, userId, itemId, offset);
                                    default -> Uni.createFrom().voidItem();
                                };
                            });
                }))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Could not apply playback event %s: %s", eventId, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
