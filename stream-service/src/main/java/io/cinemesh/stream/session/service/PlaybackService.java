package io.cinemesh.stream.session.service;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.PlaybackEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.outbox.EventOutbox;
import io.cinemesh.stream.client.LibraryLookup;
import io.cinemesh.stream.history.repository.PlayHistory;
import io.cinemesh.stream.session.repository.StreamSession;
import io.cinemesh.stream.trace.StreamTraces;
import io.cinemesh.tokens.Caller;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Playback reporting: a client's timeline reports create, update and end its session (shared by every replica
 * through PostgreSQL), crossing the watched threshold writes history, and each change is published on
 * {@code playback.events} through the outbox so library-service keeps watch state.
 */
@ApplicationScoped
public class PlaybackService {

    @Inject
    EventOutbox outbox;
    @Inject
    AuditTrail audit;
    @Inject
    LibraryLookup library;
    @Inject
    StreamTraces traces;

    @ConfigProperty(name = "cinemesh.watched-threshold", defaultValue = "0.9")
    double watchedThreshold;
    @ConfigProperty(name = "cinemesh.progress-event-interval", defaultValue = "30s")
    Duration progressInterval;

    /** Who reports: the client headers of a timeline request. */
    public record Client(String identifier, String sessionIdentifier, String deviceName, String product,
            String platform, String address) {
    }

    /** A timeline report, already validated. */
    public record Report(String ratingKey, String state, long timeMs, Long durationMs) {
    }

    public Uni<Void> report(Caller caller, String token, Client client, Report report) {
        // Stored before it is answered; a database restart makes the report wait a moment, not fail.
        return DatabaseBlip.retried(() -> Panache.withSession(() -> current(caller, client))
                .flatMap(existing -> {
                    boolean same = existing != null && existing.ratingKey.equals(report.ratingKey());
                    if (same) {
                        return Uni.createFrom().item(Map.<String, Object>of());
                    }
                    // A new playback: the item must be shared with the caller, and its title etc. come along.
                    return library.itemAttributes(token, report.ratingKey());
                })
                .flatMap(attrs -> Panache.withTransaction(() -> apply(caller, client, report, attrs)))
                // Two replicas may see the first report of one playback at once: the loser retries as an update.
                .onFailure(PlaybackService::isUniqueViolation).retry().atMost(2))
                .flatMap(ended -> ended ? traces.endStream(StreamTraces.key(caller.userId(), report.ratingKey(),
                        client.identifier())) : Uni.createFrom().voidItem());
    }

    /** Returns whether the stream ended. */
    private Uni<Boolean> apply(Caller caller, Client client, Report report, Map<String, Object> attrs) {
        return current(caller, client)
                .flatMap(existing -> {
                    Uni<Void> endOther = Uni.createFrom().voidItem();
                    if (existing != null && !existing.ratingKey.equals(report.ratingKey())) {
                        // The client moved on to another item: the previous playback stopped where it was.
                        StreamSession old = existing;
                        endOther = publish(EventTypes.PLAYBACK_STOPPED, old).chain(() -> end(old));
                        existing = null;
                    }
                    StreamSession current = existing;
                    return endOther.chain(() -> "stopped".equals(report.state())
                            ? stop(caller, client, report, current, attrs).replaceWith(true)
                            : upsert(caller, client, report, current, attrs).replaceWith(false));
                });
    }

    /**
     * The caller's playback on this client. A client identifier is only the client's word, so it never reaches
     * another user's playback: someone reusing it gets a playback of their own and cannot end or move theirs.
     */
    private static Uni<StreamSession> current(Caller caller, Client client) {
        return StreamSession.<StreamSession>find("userId = ?1 and clientIdentifier = ?2 and sessionIdentifier = ?3",
                caller.userId(), client.identifier(), client.sessionIdentifier()).firstResult();
    }

    private Uni<Void> upsert(Caller caller, Client client, Report report, StreamSession existing,
            Map<String, Object> attrs) {
        OffsetDateTime now = OffsetDateTime.now();
        boolean created = existing == null;
        StreamSession s = created ? newSession(caller, client, report, attrs, now) : existing;
        String previousState = s.state;
        s.state = report.state();
        s.viewOffsetMs = report.timeMs();
        if (report.durationMs() != null && report.durationMs() > 0) {
            s.durationMs = report.durationMs();
        }
        s.updatedAt = now;
        if (client.deviceName() != null) {
            s.deviceName = client.deviceName();
        }
        String event = null;
        if (created) {
            event = EventTypes.PLAYBACK_STARTED;
            s.lastProgressEventAt = now;
        } else if ("paused".equals(s.state) && !"paused".equals(previousState)) {
            event = EventTypes.PLAYBACK_PAUSED;
        } else if (s.lastProgressEventAt == null || s.lastProgressEventAt.plus(progressInterval).isBefore(now)
                || !s.state.equals(previousState)) {
            event = EventTypes.PLAYBACK_PROGRESS;
            s.lastProgressEventAt = now;
        }
        Span.current().setAttribute("cinemesh.session", s.id.toString());
        Uni<Void> chain = (created ? s.persist() : Uni.createFrom().item(s)).replaceWithVoid();
        if (created) {
            chain = chain.chain(() -> audit.record(caller, "playback.start", "item:" + s.ratingKey,
                    client.address(), AuditTrail.SUCCESS));
        }
        if (event != null) {
            String type = event;
            chain = chain.chain(() -> publish(type, s));
        }
        return chain.chain(() -> maybeWatched(s));
    }

    private Uni<Void> stop(Caller caller, Client client, Report report, StreamSession existing,
            Map<String, Object> attrs) {
        StreamSession s = existing != null ? existing
                : newSession(caller, client, report, attrs, OffsetDateTime.now());
        s.viewOffsetMs = report.timeMs();
        if (report.durationMs() != null && report.durationMs() > 0) {
            s.durationMs = report.durationMs();
        }
        Uni<Void> chain = maybeWatched(s).chain(() -> publish(EventTypes.PLAYBACK_STOPPED, s));
        return existing == null ? chain : chain.chain(() -> end(existing));
    }

    /**
     * Deletes a playback's row with one statement, the entity left out of the flush. Hibernate Reactive's own
     * entity delete, with several players stopping at once, now and then never sent its commit (the fault suite,
     * RELIABILITY.md): the transaction stayed open holding the row, and the player's retry waited behind it.
     */
    public static Uni<Void> end(StreamSession s) {
        return Panache.getSession().invoke(session -> session.detach(s))
                .chain(() -> StreamSession.delete("id", s.id)).replaceWithVoid();
    }

    private StreamSession newSession(Caller caller, Client client, Report report, Map<String, Object> attrs,
            OffsetDateTime now) {
        StreamSession s = new StreamSession();
        s.id = UUID.randomUUID();
        s.userId = caller.userId();
        s.userName = caller.name();
        s.ratingKey = report.ratingKey();
        s.clientIdentifier = client.identifier();
        s.sessionIdentifier = client.sessionIdentifier();
        s.deviceName = client.deviceName();
        s.product = client.product();
        s.platform = client.platform();
        s.address = client.address();
        s.state = "playing";
        s.startedAt = now;
        s.updatedAt = now;
        s.itemAttrs = ItemElements.toJson(attrs);
        Object type = attrs.get("type");
        s.itemType = type == null ? null : type.toString();
        Object title = attrs.get("title");
        s.title = title == null ? null : title.toString();
        Object section = attrs.get("librarySectionID");
        s.sectionId = section instanceof Number n ? n.longValue() : parseLong(section);
        if (s.durationMs == null && attrs.get("duration") instanceof Number n) {
            s.durationMs = n.longValue();
        }
        return s;
    }

    /** Crossing the threshold once per playback: a history row and {@code playback.watched}. */
    private Uni<Void> maybeWatched(StreamSession s) {
        if (s.watched || s.durationMs == null || s.durationMs <= 0
                || s.viewOffsetMs < watchedThreshold * s.durationMs) {
            return Uni.createFrom().voidItem();
        }
        s.watched = true;
        PlayHistory h = new PlayHistory();
        h.userId = s.userId;
        h.userName = s.userName;
        h.ratingKey = s.ratingKey;
        h.sectionId = s.sectionId;
        h.itemType = s.itemType;
        h.title = s.title;
        h.itemAttrs = s.itemAttrs;
        h.clientIdentifier = s.clientIdentifier;
        h.deviceName = s.deviceName;
        h.viewedAt = OffsetDateTime.now();
        return h.persist().chain(() -> publish(EventTypes.PLAYBACK_WATCHED, s));
    }

    public Uni<Void> publish(String type, StreamSession s) {
        PlaybackEvent data = new PlaybackEvent(s.id.toString(), s.userId, s.ratingKey, s.viewOffsetMs, s.watched,
                s.durationMs, s.clientIdentifier, s.sessionKey == null ? null : s.sessionKey.toString(), s.sectionId,
                EventTypes.PLAYBACK_STOPPED.equals(type) ? "stopped" : s.state);
        return outbox.stage(Topics.PLAYBACK, CinemeshEvent.of(type, outbox.source(), s.id.toString(), data));
    }

    private static Long parseLong(Object o) {
        try {
            return o == null ? null : Long.valueOf(o.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("23505") || m.contains("duplicate key"))) {
                return true;
            }
        }
        return false;
    }
}
