package io.cinemesh.stream.part.rest;

import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.plex.wire.rest.SendfileCork;
import io.cinemesh.stream.client.LibraryLookup;
import io.cinemesh.stream.client.PartInfo;
import io.cinemesh.stream.media.FileBody;
import io.cinemesh.stream.media.MediaRoot;
import io.cinemesh.stream.media.MimeTypes;
import io.cinemesh.stream.part.ByteRange;
import io.cinemesh.stream.trace.StreamMetrics;
import io.cinemesh.stream.trace.StreamTraces;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.tokens.PartHandOff;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Direct play: {@code /library/parts/{partId}/{changestamp}/{file}}. The part id alone selects the file (the
 * changestamp and file name are opaque to us, as in PMS); library-service says which file and whether the caller
 * may have it. Bytes go out with {@code sendfile} from the page cache, never through the heap.
 */
@Path("/library/parts/{partId}/{changestamp}/{file}")
public class PartsResource {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    @Inject
    CurrentCaller caller;
    @Inject
    LibraryLookup library;
    @Inject
    MediaRoot mediaRoot;
    @Inject
    StreamTraces traces;
    @Inject
    StreamMetrics metrics;
    @Context
    HttpServerRequest request;
    @Context
    io.vertx.ext.web.RoutingContext routing;
    /** Whether a gateway on this box, sharing the media folder, may send the bytes itself (see PartHandOff). */
    @ConfigProperty(name = "cinemesh.parts.handoff", defaultValue = "false")
    boolean handOffAllowed;
    @Inject
    io.cinemesh.tokens.TokenVerifier verifier;

    private record Served(PartInfo part, java.nio.file.Path file, long size, long mtimeMs) {
    }

    @GET
    public Uni<Response> get(@PathParam("partId") String partId) {
        return serve(partId, false);
    }

    @HEAD
    public Uni<Response> head(@PathParam("partId") String partId) {
        return serve(partId, true);
    }

    private Uni<Response> serve(String rawPartId, boolean head) {
        long partId = parsePartId(rawPartId);
        Caller me = caller.get();
        String token = PlexHeaders.token(request);
        String clientId = PlexHeaders.of(request, "X-Plex-Client-Identifier");
        String range = request.getHeader("Range");
        String ifRange = request.getHeader("If-Range");
        String ifNoneMatch = request.getHeader("If-None-Match");
        boolean download = "1".equals(request.getParam("download"));
        boolean handOff = handOffAllowed
                && verifier.codec().isProof(PartHandOff.PURPOSE, request.getHeader(PartHandOff.ASK));
        return library.part(me, token, partId)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(part -> stat(part))
                .flatMap(served -> traces.stream(StreamTraces.key(me.userId(), served.part.ratingKey(), clientId),
                        Map.of("cinemesh.user", Long.toString(me.userId()), "cinemesh.item",
                                String.valueOf(served.part.ratingKey()), "cinemesh.client", String.valueOf(clientId)))
                        .map(stream -> {
                            Span span = traces.child(stream, head ? "part.head" : "part.get");
                            try {
                                span.setAttribute("cinemesh.user", me.userId());
                                span.setAttribute("cinemesh.item", String.valueOf(served.part.ratingKey()));
                                span.setAttribute("cinemesh.part", partId);
                                span.setAttribute("cinemesh.client", String.valueOf(clientId));
                                span.setAttribute("cinemesh.decision", "directplay");
                                Response r = respond(served, head, range, ifRange, ifNoneMatch, download, handOff, span);
                                span.setAttribute("http.response.status_code", r.getStatus());
                                return r;
                            } finally {
                                span.end();
                            }
                        }));
    }

    private Served stat(PartInfo part) {
        java.nio.file.Path file = mediaRoot.resolve(part.file());
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return new Served(part, file, attrs.size(), attrs.lastModifiedTime().toMillis());
        } catch (IOException e) {
            throw new NotFoundException("The media file is not available");
        }
    }

    private Response respond(Served s, boolean head, String rangeHeader, String ifRange, String ifNoneMatch,
            boolean download, boolean handOff, Span span) {
        String etag = "\"" + Long.toHexString(s.part.partId()) + "-" + Long.toHexString(s.size) + "-"
                + Long.toHexString(s.mtimeMs) + "\"";
        String lastModified = HTTP_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(s.mtimeMs),
                ZoneOffset.UTC));
        String mime = MimeTypes.of(s.part.container(), s.file.getFileName().toString());
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || java.util.Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim).anyMatch(t -> t.equals(etag) || t.equals("W/" + etag)))) {
            return Response.notModified().header("ETag", etag).build();
        }
        Optional<ByteRange> range;
        try {
            range = rangeApplies(ifRange, etag, s.mtimeMs) ? ByteRange.parse(rangeHeader, s.size) : Optional.empty();
        } catch (ByteRange.Unsatisfiable e) {
            span.setStatus(StatusCode.UNSET);
            return Response.status(416).header("Content-Range", "bytes */" + s.size).header("Accept-Ranges", "bytes")
                    .header("ETag", etag).build();
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(s.size);
        Response.ResponseBuilder b = Response.status(range.isPresent() ? 206 : 200)
                .header("Accept-Ranges", "bytes").header("ETag", etag).header("Last-Modified", lastModified)
                .header("Content-Type", mime);
        range.ifPresent(r -> b.header("Content-Range", r.contentRange(s.size)));
        if (download) {
            String name = s.file.getFileName().toString().replace("\"", "");
            b.header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^\\x20-\\x7e]", "_")
                    + "\"; filename*=UTF-8''" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20"));
        }
        span.setAttribute("cinemesh.bytes", head ? 0 : length);
        span.setAttribute("http.range", range.map(r -> r.first() + "-" + r.last()).orElse("full"));
        if (head) {
            return b.header("Content-Length", Long.toString(length)).build();
        }
        metrics.bytesServed("part", length);
        if (handOff) {
            span.setAttribute("cinemesh.handoff", true);
            return b.header(PartHandOff.FILE, PartHandOff.encodePath(s.file.toString()))
                    .header(PartHandOff.OFFSET, Long.toString(offset)).header(PartHandOff.LENGTH, Long.toString(length))
                    .build();
        }
        Runnable uncork = SendfileCork.cork(request);
        routing.addEndHandler(ended -> uncork.run());
        return b.entity(FileBody.part(s.file, offset, length)).build();
    }

    /** If-Range: the range holds only for the representation the client has (strong ETag or exact date). */
    private static boolean rangeApplies(String ifRange, String etag, long mtimeMs) {
        if (ifRange == null || ifRange.isBlank()) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(etag);
        }
        try {
            long date = ZonedDateTime.parse(v, HTTP_DATE).toInstant().getEpochSecond();
            return date == mtimeMs / 1000;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static long parsePartId(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new NotFoundException("No such media part");
    }
}
