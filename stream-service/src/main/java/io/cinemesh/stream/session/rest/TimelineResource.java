package io.cinemesh.stream.session.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.stream.session.service.PlaybackService;
import io.cinemesh.stream.trace.StreamTraces;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
import java.util.Set;

/**
 * {@code /:/timeline}: a player's periodic report (every ~10 s) of what it plays, where, and in what state.
 * Clients send it as GET (python-plexapi) or POST (@ctrl/plex, plexjs), parameters in the query.
 */
@Path("/:/timeline")
public class TimelineResource {

    private static final Set<String> STATES = Set.of("playing", "paused", "buffering", "stopped");

    @Inject
    CurrentCaller caller;
    @Inject
    PlaybackService playback;
    @Inject
    StreamTraces traces;
    @Context
    HttpServerRequest request;
    @Context
    HttpHeaders headers;

    @GET
    public Uni<MediaContainer> get(@QueryParam("ratingKey") String ratingKey, @QueryParam("key") String key,
            @QueryParam("state") String state, @QueryParam("time") String time,
            @QueryParam("duration") String duration) {
        return report(ratingKey, key, state, time, duration);
    }

    @POST
    public Uni<MediaContainer> post(@QueryParam("ratingKey") String ratingKey, @QueryParam("key") String key,
            @QueryParam("state") String state, @QueryParam("time") String time,
            @QueryParam("duration") String duration) {
        return report(ratingKey, key, state, time, duration);
    }

    @PUT
    public Uni<MediaContainer> put(@QueryParam("ratingKey") String ratingKey, @QueryParam("key") String key,
            @QueryParam("state") String state, @QueryParam("time") String time,
            @QueryParam("duration") String duration) {
        return report(ratingKey, key, state, time, duration);
    }

    private Uni<MediaContainer> report(String ratingKey, String key, String state, String time, String duration) {
        String rk = ratingKey(ratingKey, key);
        if (state == null || !STATES.contains(state)) {
            throw new BadRequestException("state must be one of playing, paused, buffering, stopped");
        }
        long timeMs = number("time", time, true);
        long durationMs = number("duration", duration, false);
        String clientId = PlexHeaders.of(request, "X-Plex-Client-Identifier");
        if (clientId == null) {
            throw new BadRequestException("The X-Plex-Client-Identifier header is required to report playback");
        }
        String sessionId = PlexHeaders.of(request, "X-Plex-Session-Identifier");
        var client = new PlaybackService.Client(clientId, sessionId == null ? "" : sessionId,
                PlexHeaders.of(request, "X-Plex-Device-Name"), PlexHeaders.of(request, "X-Plex-Product"),
                PlexHeaders.of(request, "X-Plex-Platform"), ClientAddress.of(headers, request));
        var me = caller.get();
        String token = PlexHeaders.token(request);
        return traces.stream(StreamTraces.key(me.userId(), rk, clientId), Map.of("cinemesh.user",
                Long.toString(me.userId()), "cinemesh.item", rk, "cinemesh.client", clientId))
                .flatMap(stream -> {
                    Span span = traces.child(stream, "timeline " + state);
                    span.setAttribute("cinemesh.user", me.userId());
                    span.setAttribute("cinemesh.item", rk);
                    span.setAttribute("cinemesh.client", clientId);
                    span.setAttribute("cinemesh.state", state);
                    span.setAttribute("cinemesh.view_offset_ms", timeMs);
                    try (var scope = span.makeCurrent()) {
                        return playback.report(me, token, client,
                                new PlaybackService.Report(rk, state, timeMs, durationMs > 0 ? durationMs : null))
                                .onTermination().invoke(span::end);
                    }
                })
                .replaceWith(new MediaContainer());
    }

    static String ratingKey(String ratingKey, String key) {
        String rk = ratingKey;
        if ((rk == null || rk.isBlank()) && key != null && key.startsWith("/library/metadata/")) {
            rk = key.substring("/library/metadata/".length());
            int slash = rk.indexOf('/');
            rk = slash < 0 ? rk : rk.substring(0, slash);
        }
        if (rk == null || !rk.matches("\\d{1,18}")) {
            throw new BadRequestException("ratingKey (or key=/library/metadata/{ratingKey}) is required");
        }
        return rk;
    }

    static long number(String name, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new BadRequestException(name + " (milliseconds) is required");
            }
            return 0;
        }
        try {
            long v = Math.round(Double.parseDouble(value.trim()));
            if (v < 0) {
                throw new BadRequestException(name + " must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a number of milliseconds, not '" + value + "'");
        }
    }
}
