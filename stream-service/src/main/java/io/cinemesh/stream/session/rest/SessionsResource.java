package io.cinemesh.stream.session.rest;

import io.cinemesh.events.AuditEvents;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.Topics;
import io.cinemesh.outbox.EventOutbox;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.stream.session.repository.StreamSession;
import io.cinemesh.stream.session.service.ItemElements;
import io.cinemesh.stream.session.service.PlaybackService;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.cinemesh.stream.transcode.service.TranscodeSessions;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.UUID;

/**
 * {@code /status/sessions}: every active stream of every replica (the owner sees all, others their own). Each
 * item is the item as library-service shows it, plus the {@code User}, {@code Player} and {@code Session}
 * children clients require, and {@code TranscodeSession} when a transcode serves it.
 */
@Path("/status/sessions")
public class SessionsResource {

    @Inject
    CurrentCaller caller;
    @Inject
    PlaybackService playback;
    @Inject
    TranscodeSessions transcodes;
    @Inject
    EventOutbox outbox;
    @Context
    HttpServerRequest request;
    @Context
    HttpHeaders headers;

    @GET
    public Uni<MediaContainer> list() {
        var me = caller.get();
        Uni<List<StreamSession>> sessions = me.isOwner()
                ? Panache.withSession(() -> StreamSession.<StreamSession>listAll(Sort.by("sessionKey")))
                : Panache.withSession(() -> StreamSession.<StreamSession>list("userId", Sort.by("sessionKey"),
                        me.userId()));
        return sessions.flatMap(list -> Panache.withSession(() -> TranscodeSessionRecord
                .<TranscodeSessionRecord>listAll()).map(tx -> render(list, tx)));
    }

    private MediaContainer render(List<StreamSession> list, List<TranscodeSessionRecord> transcodeSessions) {
        MediaContainer mc = new MediaContainer();
        for (StreamSession s : list) {
            PlexElement item = ItemElements.element(s.itemType, s.ratingKey, s.itemAttrs)
                    .attr("sessionKey", s.sessionKey.toString())
                    .attr("viewOffset", s.viewOffsetMs);
            if (s.durationMs != null) {
                item.attr("duration", s.durationMs);
            }
            TranscodeSessionRecord tx = transcodeSessions.stream()
                    .filter(t -> t.userId == s.userId && t.ratingKey.equals(s.ratingKey)
                            && java.util.Objects.equals(t.clientIdentifier, s.clientIdentifier))
                    .max(java.util.Comparator.comparing(t -> t.lastSeenAt)).orElse(null);
            item.add(PlexElement.of("User").attr("id", Long.toString(s.userId)).attr("title", s.userName)
                    .attr("thumb", ""));
            item.add(PlexElement.of("Player").attr("machineIdentifier", s.clientIdentifier)
                    .attr("title", s.deviceName).attr("product", s.product).attr("platform", s.platform)
                    .attr("state", s.state).attr("address", s.address).attr("local", true)
                    .attr("remotePublicAddress", s.address));
            item.add(PlexElement.of("Session").attr("id", s.id.toString())
                    .attr("bandwidth", tx != null && tx.videoBitrateKbps != null ? tx.videoBitrateKbps : 0)
                    .attr("location", "lan"));
            if (tx != null) {
                item.add(transcodes.element(tx));
            }
            mc.add(item);
        }
        return mc;
    }

    /** Ends a playback (python-plexapi's {@code session.stop(reason)}): its transcode stops everywhere. */
    @GET
    @Path("/terminate")
    public Uni<MediaContainer> terminateGet(@QueryParam("sessionId") String sessionId,
            @QueryParam("reason") String reason) {
        return terminate(sessionId, reason);
    }

    @POST
    @Path("/terminate")
    public Uni<MediaContainer> terminate(@QueryParam("sessionId") String sessionId,
            @QueryParam("reason") String reason) {
        var me = caller.get();
        if (!me.isOwner()) {
            throw new ForbiddenException("Only the server owner can stop other people's playback");
        }
        UUID id;
        try {
            id = UUID.fromString(sessionId == null ? "" : sessionId.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("sessionId must be the Session id shown in /status/sessions");
        }
        String from = ClientAddress.of(headers, request);
        String traceId = Span.current().getSpanContext().getTraceId();
        return Panache.withTransaction(() -> StreamSession.<StreamSession>findById(id).flatMap(s -> {
            if (s == null) {
                throw new NotFoundException("No such session");
            }
            return playback.publish(EventTypes.PLAYBACK_STOPPED, s)
                    .chain(() -> outbox.stage(Topics.AUDIT, AuditEvents.record(PlaybackService.SOURCE,
                            Long.toString(me.userId()), me.name(), "session.terminate",
                            "session:" + s.id + (reason == null ? "" : " (" + reason.replaceAll("[\\r\\n]", " ") + ")"),
                            from, "success", traceId)))
                    .chain(() -> PlaybackService.end(s))
                    .replaceWith(s);
        })).flatMap(s -> transcodes.stopFor(s.userId, s.ratingKey, s.clientIdentifier))
                .replaceWith(new MediaContainer());
    }
}
