package io.cinemesh.stream.session.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.stream.session.mapping.SessionsMapper;
import io.cinemesh.stream.session.service.ActiveStreamsService;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.UUID;

/** {@code /status/sessions}: every active stream of every replica (the owner sees all, others their own). */
@Path("/status/sessions")
public class SessionsResource {

    @Inject
    CurrentCaller caller;
    @Inject
    ActiveStreamsService streams;
    @Inject
    SessionsMapper mapper;
    @Context
    HttpServerRequest request;
    @Context
    HttpHeaders headers;

    @GET
    public Uni<MediaContainer> list() {
        return streams.visibleTo(caller.get()).map(mapper::container);
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
        streams.checkMayTerminate(me);
        UUID id;
        try {
            id = UUID.fromString(sessionId == null ? "" : sessionId.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("sessionId must be the Session id shown in /status/sessions");
        }
        return streams.terminate(me, id, reason, ClientAddress.of(headers, request)).replaceWith(new MediaContainer());
    }
}
