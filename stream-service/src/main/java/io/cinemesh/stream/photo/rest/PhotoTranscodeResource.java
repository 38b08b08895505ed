package io.cinemesh.stream.photo.rest;

import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.stream.photo.service.PhotoResizer;
import io.cinemesh.stream.photo.service.PhotoTranscoder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /photo/:/transcode?url=&width=&height=}: an item's artwork, resized. {@code url} names library artwork
 * (fetched from library-service as the caller, so shares apply); it is never a file path. Sides are capped at
 * {@value #MAX_SIDE} pixels; {@link PhotoResizer} bounds and caches the work.
 */
@Path("/photo/:/transcode")
public class PhotoTranscodeResource {

    private static final Pattern LIBRARY_IMAGE = Pattern.compile(
            "/library/metadata/(\\d{1,18})/(thumb|art|banner|clearLogo|poster)(?:/(\\d{1,18}))?");
    private static final int MAX_SIDE = 4096;

    @Inject
    PhotoTranscoder photos;
    @Context
    HttpServerRequest request;

    @GET
    public Uni<Response> transcode(@QueryParam("url") String url, @QueryParam("width") String width,
            @QueryParam("height") String height, @QueryParam("minSize") String minSize,
            @QueryParam("upscale") String upscale, @QueryParam("format") String format) {
        String path = url == null ? "" : url.replaceFirst("^https?://[^/]+", "");
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        Matcher m = LIBRARY_IMAGE.matcher(path);
        if (!m.matches()) {
            throw new BadRequestException("url must be a library image such as /library/metadata/{id}/thumb/{ts}");
        }
        int w = side("width", width);
        int h = side("height", height);
        boolean cover = "1".equals(minSize);
        boolean up = "1".equals(upscale);
        boolean png = "png".equalsIgnoreCase(format);
        PhotoResizer.Shape shape = new PhotoResizer.Shape(w, h, cover, up, png);
        return photos.artwork(PlexHeaders.token(request), m.group(1), m.group(2), m.group(3) == null ? "0" : m.group(3),
                shape).map(out -> Response.ok(out).type(png ? "image/png" : "image/jpeg")
                        .header("Cache-Control", "private, max-age=3600").build());
    }

    private static int side(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new BadRequestException(name + " is required");
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 1 || i > MAX_SIDE) {
                throw new BadRequestException(name + " must be between 1 and " + MAX_SIDE);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number of pixels");
        }
    }
}
