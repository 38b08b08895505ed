package io.cinemesh.stream.subtitle.rest;

import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.stream.client.LibraryLookup;
import io.cinemesh.stream.media.MediaRoot;
import io.cinemesh.stream.subtitle.service.ConvertedSubtitles;
import io.cinemesh.stream.transcode.service.SubtitleTrack;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /library/streams/{id}[.ext][?format=srt|vtt|ass]}: a subtitle as a file, as PMS serves sidecar
 * downloads. A sidecar comes as it is on disk unless another format is asked for; an embedded text subtitle is
 * extracted (SRT unless asked otherwise), once: conversions are cached (ConvertedSubtitles). The stream id is resolved by library-service under the caller's shares.
 */
@Path("/library/streams")
public class SubtitleStreamsResource {

    private static final Map<String, String> FORMATS = Map.of("srt", "srt", "subrip", "srt", "vtt", "webvtt",
            "webvtt", "webvtt", "ass", "ass", "ssa", "ass");
    private static final Map<String, String> TYPES = Map.of("srt", "application/x-subrip; charset=utf-8",
            "webvtt", "text/vtt; charset=utf-8", "ass", "text/x-ssa; charset=utf-8");

    @Inject
    LibraryLookup library;
    @Inject
    MediaRoot mediaRoot;
    @Inject
    ConvertedSubtitles converted;
    @Context
    HttpServerRequest request;

    @GET
    @Path("{streamId: \\d+}")
    public Uni<Response> get(@PathParam("streamId") long streamId, @QueryParam("format") String format) {
        return serve(streamId, format);
    }

    @GET
    @Path("{streamId: \\d+}.{ext: [A-Za-z]{2,6}}")
    public Uni<Response> byExtension(@PathParam("streamId") long streamId, @PathParam("ext") String ext,
            @QueryParam("format") String format) {
        return serve(streamId, format != null && !format.isBlank() ? format : ext);
    }

    private Uni<Response> serve(long streamId, String format) {
        String asked = format == null || format.isBlank() ? null : format;
        String wanted = asked == null ? null : FORMATS.get(asked.trim().toLowerCase(Locale.ROOT));
        if (asked != null && wanted == null) {
            throw new BadRequestException("Subtitles can be served as srt, vtt or ass, not '" + asked + "'");
        }
        return library.streamPart(PlexHeaders.token(request), streamId)
                .emitOn(Infrastructure.getDefaultWorkerPool()).map(part -> {
                    SubtitleTrack sub;
                    try {
                        sub = SubtitleTrack.of(part, streamId);
                    } catch (BadRequestException e) {
                        throw new NotFoundException("Stream " + streamId + " is not a subtitle");
                    }
                    if (sub.image()) {
                        throw new BadRequestException("Stream " + streamId + " is a bitmap subtitle (" + sub.codec()
                                + "); it cannot be served as text");
                    }
                    String own = FORMATS.get(sub.codec() == null ? "" : sub.codec().toLowerCase(Locale.ROOT));
                    String out = wanted != null ? wanted : sub.sidecar() && own != null ? own : "srt";
                    byte[] body;
                    if (sub.sidecar() && out.equals(own)) {
                        try {
                            body = Files.readAllBytes(mediaRoot.resolve(sub.file()));
                        } catch (IOException e) {
                            throw new NotFoundException("The subtitle file is not available");
                        }
                    } else {
                        body = converted.convert(mediaRoot.resolve(sub.sidecar() ? sub.file() : part.file()),
                                sub.sidecar() ? null : sub.index(), out);
                    }
                    return Response.ok(body).type(TYPES.get(out)).build();
                });
    }
}
