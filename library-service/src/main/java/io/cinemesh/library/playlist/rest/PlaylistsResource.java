package io.cinemesh.library.playlist.rest;

import static io.cinemesh.library.rest.Params.flag;
import static io.cinemesh.library.rest.Params.number;
import static io.cinemesh.library.rest.Params.optionalNumber;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.playlist.service.PlaylistService;
import io.cinemesh.library.rest.Params;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.rest.PageRequest;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
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
            @BeanParam PageRequest page) {
        long pid = id(id);
        io.cinemesh.plex.wire.Paging paging = page.paging();
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
        Long a = optionalNumber("after", after);
        return access.scope().chain(scope -> playlists.move(caller.get(), from(), scope, pid, eid, a));
    }

    private String from() {
        return ClientAddress.of(headers, request);
    }

    static long id(String id) {
        return Params.pathId(id, "playlist");
    }
}
