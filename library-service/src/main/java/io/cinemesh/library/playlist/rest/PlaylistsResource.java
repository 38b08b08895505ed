package io.cinemesh.library.playlist.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.playlist.service.PlaylistService;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;

/** {@code /playlists}: the caller's own playlists, plain and smart. */
@Path("/playlists")
public class PlaylistsResource {

    @Inject
    PlaylistService playlists;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;
    @Context
    HttpHeaders headers;
    @Context
    HttpServerRequest request;

    @GET
    public Uni<MediaContainer> list(@QueryParam("playlistType") String kind, @QueryParam("title") String title) {
        return access.scope().chain(scope -> playlists.list(caller.get(), scope, kind, title));
    }

    @POST
    public Uni<MediaContainer> create(@QueryParam("uri") String uri, @QueryParam("type") String type,
            @QueryParam("title") String title, @QueryParam("smart") String smart) {
        return access.scope().chain(scope -> playlists.create(caller.get(), from(), scope, uri, type, title,
                flag("smart", smart)));
    }

    @GET
    @Path("{id}")
    public Uni<MediaContainer> get(@PathParam("id") String id) {
        long pid = id(id);
        return access.scope().chain(scope -> playlists.get(caller.get(), scope, pid));
    }

    @PUT
    @Path("{id}")
    public Uni<Void> edit(@PathParam("id") String id, @QueryParam("title.value") String titleValue,
            @QueryParam("summary.value") String summaryValue, @QueryParam("title") String title,
            @QueryParam("summary") String summary) {
        long pid = id(id);
        // 204 as the spec says: plexjs accepts nothing else, and python-plexapi and @ctrl/plex ignore the body.
        return access.scope().chain(scope -> playlists.edit(caller.get(), from(), scope, pid,
                titleValue != null ? titleValue : title, summaryValue != null ? summaryValue : summary));
    }

    @DELETE
    @Path("{id}")
    public Uni<jakarta.ws.rs.core.Response> delete(@PathParam("id") String id) {
        long pid = id(id);
        // 204 as PMS answers (plexjs accepts nothing else).
        return playlists.delete(caller.get(), from(), pid).map(v -> jakarta.ws.rs.core.Response.noContent().build());
    }

    @GET
    @Path("{id}/items")
    public Uni<MediaContainer> items(@PathParam("id") String id,
            @jakarta.ws.rs.HeaderParam("X-Plex-Container-Start") String hs,
            @jakarta.ws.rs.HeaderParam("X-Plex-Container-Size") String hz,
            @QueryParam("X-Plex-Container-Start") String qs, @QueryParam("X-Plex-Container-Size") String qz) {
        long pid = id(id);
        io.cinemesh.plex.wire.Paging paging = io.cinemesh.library.section.rest.LibraryResource.paging(hs, hz, qs, qz);
        return access.scope().chain(scope -> playlists.items(caller.get(), scope, pid, paging));
    }

    @PUT
    @Path("{id}/items")
    public Uni<MediaContainer> add(@PathParam("id") String id, @QueryParam("uri") String uri) {
        long pid = id(id);
        return access.scope().chain(scope -> playlists.add(caller.get(), from(), scope, pid, uri));
    }

    @DELETE
    @Path("{id}/items/{entry}")
    public Uni<MediaContainer> remove(@PathParam("id") String id, @PathParam("entry") String entry) {
        long pid = id(id);
        long eid = number("playlistItemID", entry);
        return access.scope().chain(scope -> playlists.remove(caller.get(), from(), scope, pid, eid));
    }

    @PUT
    @Path("{id}/items/{entry}/move")
    public Uni<MediaContainer> move(@PathParam("id") String id, @PathParam("entry") String entry,
            @QueryParam("after") String after) {
        long pid = id(id);
        long eid = number("playlistItemID", entry);
        Long a = after == null || after.isBlank() ? null : number("after", after);
        return access.scope().chain(scope -> playlists.move(caller.get(), from(), scope, pid, eid, a));
    }

    private String from() {
        return ClientAddress.of(headers, request);
    }

    static long id(String id) {
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw new jakarta.ws.rs.NotFoundException("No playlist " + id);
        }
    }

    public static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a number (got '" + value + "')");
        }
    }

    public static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.equals("0") || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equals("1") || value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new BadRequestException(name + " must be 0 or 1 (got '" + value + "')");
    }
}
