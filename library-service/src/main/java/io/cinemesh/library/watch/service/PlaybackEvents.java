package io.cinemesh.library.watch.service;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.PlaybackEvent;
import io.cinemesh.library.watch.repository.WatchStateRepository;
import io.cinemesh.outbox.ConsumerRetry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Watch state from real playback ({@code playback.events} from stream-service): the offset while playing, a
 * play when watched. Delivery is at least once, so each event id is applied once, in the same transaction as its
 * effect. A store that fails is retried and then dead-lettered ({@link ConsumerRetry}), never acknowledged as
 * done; and an offset from a report older than the item's last watched play is dropped, so a late or replayed
 * progress report cannot put a watched item back on deck.
 */
@ApplicationScoped
public class PlaybackEvents {

    private static final Logger LOG = Logger.getLogger(PlaybackEvents.class);

    @Inject
    WatchStateRepository watch;
    @Inject
    ConsumerRetry retry;

    @Incoming("playback-events")
    public Uni<Void> onPlayback(String json) {
        CinemeshEvent event;
        try {
            event = CinemeshEvent.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipping a record on playback.events that is not an event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        PlaybackEvent playback;
        long userId;
        long itemId;
        try {
            playback = event.data(PlaybackEvent.class);
            userId = playback.userId();
            itemId = Long.parseLong(String.valueOf(playback.ratingKey()));
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: a ratingKey that is no item of this library
            LOG.warnf("Skipping playback event %s with a malformed user or ratingKey", event.id());
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
        OffsetDateTime at = (event.occurredAt() == null ? Instant.now() : event.occurredAt())
                .atOffset(ZoneOffset.UTC);
        // A play that crossed the watched threshold keeps going into the credits, and its stop comes after
        // playback.watched: an offset from it would put a watched item back on deck as partly watched.
        Long offset = Boolean.TRUE.equals(playback.watched()) ? null : playback.viewOffsetMs();
        return retry.store("playback event " + eventId, watch.inTransaction(conn -> watch.firstDelivery(conn, eventId)
                .chain(first -> !first ? Uni.createFrom().voidItem() : watch.isLeaf(conn, itemId).chain(known -> {
                    if (!known) {
                        return Uni.createFrom().voidItem();
                    }
                    return switch (type) {
                        case EventTypes.PLAYBACK_WATCHED -> watch.watched(conn, userId, List.of(itemId), at);
                        case EventTypes.PLAYBACK_STARTED, EventTypes.PLAYBACK_PROGRESS, EventTypes.PLAYBACK_PAUSED,
                                EventTypes.PLAYBACK_STOPPED -> offset == null ? Uni.createFrom().voidItem()
                                        : watch.reportedOffset(conn, userId, itemId, offset, at);
                        default -> Uni.createFrom().voidItem();
                    };
                }))));
    }
}
