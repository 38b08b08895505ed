package io.cinemesh.stream.transcode.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.stream.media.FileBody;
import io.cinemesh.stream.transcode.mapping.DecisionMapper;
import io.cinemesh.stream.transcode.service.SegmentPlaylist;
import io.cinemesh.stream.transcode.service.TranscodeAsk;
import io.cinemesh.stream.transcode.service.TranscodeService;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.tokens.PublicEndpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The universal transcoder for video and music: {@code decision}, {@code start.m3u8} (master playlist) →
 * {@code session/{id}/base/index.m3u8} → {@code session/{id}/base/{n}.ts} (and, for a text subtitle the client
 * shows, {@code session/{id}/subtitles/index.m3u8} → {@code …/{n}.vtt}), plus {@code ping} and {@code stop}.
 * The session id is in every URL the playlists hand out, so a mesh can hash on it; the playlists are computed
 * from the duration and the fixed segment length (a video copy: from the key-frame cuts kept in the session), and
 * any replica can make any segment.
 */
@Path("/{kind: video|audio|music}/:/transcode/universal")
public class UniversalTranscodeResource {

    private static final String M3U8 = "application/vnd.apple.mpegurl";

    @Inject
    CurrentCaller caller;
    @Inject
    TranscodeService transcodes;
    @Context
    HttpServerRequest request;
    @Context
    HttpHeaders headers;

    @GET
    @Path("/decision")
    public Uni<MediaContainer> decision(@PathParam("kind") String kind) {
        return transcodes.decide(caller.get(), PlexHeaders.token(request), ask(kind), true)
                .map(DecisionMapper::container);
    }

    @GET
    @Path("/start.m3u8")
    public Uni<Response> start(@PathParam("kind") String kind, @QueryParam("offset") String offset,
            @QueryParam("session") String clientSession) {
        return transcodes.start(caller.get(), PlexHeaders.token(request), ask(kind),
                        TranscodeRequest.offsetSeconds(offset), clientSession, ClientAddress.of(headers, request))
                .map(r -> Response.ok(SegmentPlaylist.master(r)).type(M3U8).header("X-Plex-Transcode-Session", r.id)
                        .build());
    }

    /** The whole media as segments (VOD), starting playback at the asked offset. */
    @GET
    @Path("/session/{sessionId}/base/index.m3u8")
    @PublicEndpoint
    public Uni<Response> index(@PathParam("sessionId") String sessionId) {
        return transcodes.playing(sessionId)
                .map(r -> Response.ok(SegmentPlaylist.vod(r, "ts", true)).type(M3U8).build());
    }

    /** A segment. Public: the unguessable session id in the URL is the capability, as the player got it. */
    @GET
    @Path("/session/{sessionId}/base/{segment: \\d+}.ts")
    @PublicEndpoint
    public Uni<Response> segment(@PathParam("sessionId") String sessionId, @PathParam("segment") int n) {
        return transcodes.segment(sessionId, n)
                .map(s -> Response.ok(FileBody.segment(s.file(), s.size())).type("video/mp2t").build());
    }

    /** The WebVTT rendition's playlist: the same boundaries as the video's. */
    @GET
    @Path("/session/{sessionId}/subtitles/index.m3u8")
    @PublicEndpoint
    public Uni<Response> subtitleIndex(@PathParam("sessionId") String sessionId) {
        return transcodes.subtitled(sessionId)
                .map(r -> Response.ok(SegmentPlaylist.vod(r, "vtt", false)).type(M3U8).build());
    }

    /** The cues shown during video segment {@code n}, as WebVTT; public like the video segments. */
    @GET
    @Path("/session/{sessionId}/subtitles/{segment: \\d+}.vtt")
    @PublicEndpoint
    public Uni<Response> subtitleSegment(@PathParam("sessionId") String sessionId, @PathParam("segment") int n) {
        return transcodes.subtitleCues(sessionId, n)
                .map(cues -> Response.ok(cues).type("text/vtt; charset=utf-8").build());
    }

    @GET
    @Path("/ping")
    public Uni<MediaContainer> ping(@QueryParam("session") String session) {
        return transcodes.ping(caller.get(), session).replaceWith(new MediaContainer());
    }

    @GET
    @Path("/stop")
    public Uni<MediaContainer> stop(@QueryParam("session") String session) {
        return transcodes.stop(caller.get(), session).replaceWith(new MediaContainer());
    }

    private TranscodeAsk ask(String kind) {
        return TranscodeRequest.of(request::getParam, name -> PlexHeaders.of(request, name), kind);
    }
}
