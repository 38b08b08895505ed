package io.cinemesh.library.collection.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.collection.service.CollectionService;
import io.cinemesh.library.rest.Params;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
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

/** {@code /library/collections}: the owner makes and edits collections; everyone browses those they may see. */
@Path("/library/collections")
public class CollectionsResource {

    @Inject
    CollectionService collections;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;
    @Context
    HttpHeaders headers;
    @Context
    HttpServerRequest request;

    @POST
    public Uni<MediaContainer> create(@QueryParam("type") String type, @QueryParam("title") String title,
            @QueryParam("smart") String smart, @QueryParam("sectionId") String sectionId,
            @QueryParam("uri") String uri) {
        Long sid = Params.optionalNumber("sectionId", sectionId);
        boolean isSmart = Params.flag("smart", smart);
        return access.scope().chain(scope -> collections.create(caller.get(), from(), scope, sid, type, title,
                isSmart, uri));
    }

    @GET
    @Path("{id}")
    public Uni<MediaContainer> get(@PathParam("id") String id) {
        long cid = id(id);
        return access.scope().chain(scope -> collections.get(scope, cid));
    }

    @GET
    @Path("{id}/children")
    public Uni<MediaContainer> children(@PathParam("id") String id,
            @BeanParam PageRequest page,
            @QueryParam("includeGuids") String guids) {
        long cid = id(id);
        Paging paging = page.paging();
        return access.scope().chain(scope -> collections.children(caller.get().userId(), scope, cid, paging,
                "1".equals(guids)));
    }

    /** The spec's (and plexjs's) name for the children. */
    @GET
    @Path("{id}/items")
    public Uni<MediaContainer> items(@PathParam("id") String id,
            @BeanParam PageRequest page,
            @QueryParam("includeGuids") String guids) {
        return children(id, page, guids);
    }

    @PUT
    @Path("{id}/items")
    public Uni<MediaContainer> add(@PathParam("id") String id, @QueryParam("uri") String uri) {
        long cid = id(id);
        return access.scope().chain(scope -> collections.add(caller.get(), from(), scope, cid, uri));
    }

    /** python-plexapi removes with DELETE; the community spec and @lukehagar/plexjs with PUT. */
    @DELETE
    @Path("{id}/items/{item}")
    public Uni<MediaContainer> remove(@PathParam("id") String id, @PathParam("item") String item) {
        long cid = id(id);
        long rk = Params.number("ratingKey", item);
        return access.scope().chain(scope -> collections.remove(caller.get(), from(), scope, cid, rk));
    }

    @PUT
    @Path("{id}/items/{item}")
    public Uni<MediaContainer> removeAsTheSpecSays(@PathParam("id") String id, @PathParam("item") String item) {
        return remove(id, item);
    }

    @DELETE
    @Path("{id}")
    public Uni<MediaContainer> delete(@PathParam("id") String id) {
        long cid = id(id);
        return access.scope().chain(scope -> collections.delete(caller.get(), from(), scope, cid))
                .map(v -> new MediaContainer());
    }

    private String from() {
        return ClientAddress.of(headers, request);
    }

    private static long id(String id) {
        return Params.pathId(id, "collection");
    }
}
