package io.cinemesh.library.watch.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.watch.service.WatchStateService;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /:/scrobble}, {@code /:/unscrobble}, {@code /:/progress} and {@code /:/rate}. Clients use GET (python-plexapi,
 * @ctrl/plex), PUT (plexjs) or POST, so each accepts all three.
 */
@Path("/")
public class WatchStateResource {

    private static final Pattern URI_KEY = Pattern.compile("/library/metadata/(\\d+)");

    @Inject
    WatchStateService watch;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;
    @Context
    HttpHeaders headers;
    @Context
    HttpServerRequest request;

    @GET
    @Path(":/scrobble")
    public Uni<MediaContainer> scrobble(@QueryParam("key") String key, @QueryParam("uri") String uri) {
        long rk = ratingKey(key, uri);
        return access.scope().chain(scope -> watch.scrobble(caller.get(), from(), rk, scope))
                .map(v -> new MediaContainer());
    }

    @PUT
    @Path(":/scrobble")
    public Uni<MediaContainer> scrobblePut(@QueryParam("key") String key, @QueryParam("uri") String uri) {
        return scrobble(key, uri);
    }

    @POST
    @Path(":/scrobble")
    public Uni<MediaContainer> scrobblePost(@QueryParam("key") String key, @QueryParam("uri") String uri) {
        return scrobble(key, uri);
    }

    @GET
    @Path(":/unscrobble")
    public Uni<MediaContainer> unscrobble(@QueryParam("key") String key, @QueryParam("uri") String uri) {
        long rk = ratingKey(key, uri);
        return access.scope().chain(scope -> watch.unscrobble(caller.get(), from(), rk, scope))
                .map(v -> new MediaContainer());
    }

    @PUT
    @Path(":/unscrobble")
    public Uni<MediaContainer> unscrobblePut(@QueryParam("key") String key, @QueryParam("uri") String uri) {
        return unscrobble(key, uri);
    }

    @POST
    @Path(":/unscrobble")
    public Uni<MediaContainer> unscrobblePost(@QueryParam("key") String key, @QueryParam("uri") String uri) {
        return unscrobble(key, uri);
    }

    @GET
    @Path(":/progress")
    public Uni<MediaContainer> progress(@QueryParam("key") String key, @QueryParam("time") String time) {
        long rk = ratingKey(key, null);
        long ms;
        try {
            ms = Long.parseLong(time == null ? "" : time.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("time (the offset in milliseconds) must be a whole number");
        }
        if (ms < 0) {
            throw new BadRequestException("time must not be negative");
        }
        return access.scope().chain(scope -> watch.progress(caller.get(), rk, ms, scope))
                .map(v -> new MediaContainer());
    }

    @PUT
    @Path(":/progress")
    public Uni<MediaContainer> progressPut(@QueryParam("key") String key, @QueryParam("time") String time) {
        return progress(key, time);
    }

    @POST
    @Path(":/progress")
    public Uni<MediaContainer> progressPost(@QueryParam("key") String key, @QueryParam("time") String time) {
        return progress(key, time);
    }

    @PUT
    @Path(":/rate")
    public Uni<MediaContainer> rate(@QueryParam("key") String key, @QueryParam("rating") String rating) {
        long rk = ratingKey(key, null);
        Double value;
        try {
            double r = Double.parseDouble(rating == null ? "" : rating.trim());
            if (r == -1) {
                value = null;
            } else if (r < 0 || r > 10) {
                throw new BadRequestException("rating must be between 0 and 10, or -1 to clear it");
            } else {
                value = r;
            }
        } catch (NumberFormatException e) {
            throw new BadRequestException("rating must be a number between 0 and 10, or -1 to clear it");
        }
        return access.scope().chain(scope -> watch.rate(caller.get(), from(), rk, value, scope))
                .map(v -> new MediaContainer());
    }

    @GET
    @Path(":/rate")
    public Uni<MediaContainer> rateGet(@QueryParam("key") String key, @QueryParam("rating") String rating) {
        return rate(key, rating);
    }

    @POST
    @Path(":/rate")
    public Uni<MediaContainer> ratePost(@QueryParam("key") String key, @QueryParam("rating") String rating) {
        return rate(key, rating);
    }

    private String from() {
        return ClientAddress.of(headers, request);
    }

    /** {@code key} is a ratingKey (or a {@code /library/metadata/N} path); {@code uri} a library URI. */
    static long ratingKey(String key, String uri) {
        String source = key != null && !key.isBlank() ? key : uri;
        if (source == null || source.isBlank()) {
            throw new BadRequestException("key (the item's ratingKey) is required");
        }
        Matcher m = URI_KEY.matcher(source);
        String digits = m.find() ? m.group(1) : source.trim();
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new jakarta.ws.rs.NotFoundException("No item with ratingKey " + source);
        }
    }
}
