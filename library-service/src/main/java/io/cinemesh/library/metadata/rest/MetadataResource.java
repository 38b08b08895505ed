package io.cinemesh.library.metadata.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.metadata.service.RelatedService;
import io.cinemesh.library.rest.Params;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.rest.PageRequest;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** {@code /library/metadata/…}: items, their children and leaves, and their artwork. */
@Path("/library/metadata")
public class MetadataResource {

    @Inject
    BrowseService browse;
    @Inject
    RelatedService related;
    @Inject
    ItemRepository items;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;
    @Inject
    io.cinemesh.library.scan.service.LibraryScanner scanner;
    @Inject
    io.cinemesh.library.collection.service.CollectionService collections;

    @GET
    @Path("{ids}")
    public Uni<MediaContainer> metadata(@PathParam("ids") String ids, @QueryParam("includeGuids") String guids,
            @QueryParam("includeRelated") String includeRelated, @QueryParam("includeOnDeck") String includeOnDeck) {
        List<Long> keys = ratingKeys(ids);
        return access.scope().chain(scope -> browse.metadata(caller.get().userId(), scope, keys, "1".equals(guids))
                .call(mc -> keys.size() == 1 ? related.addDetails(caller.get().userId(), scope, keys.get(0),
                        mc.children().get(0), "1".equals(includeRelated), "1".equals(includeOnDeck))
                        : Uni.createFrom().voidItem())
                // Collections share the ratingKey space with items (V4__collections.sql).
                .onFailure(NotFoundException.class).recoverWithUni(e -> keys.size() == 1
                        ? collections.get(scope, keys.get(0)).onFailure(NotFoundException.class)
                                .transform(none -> e)
                        : Uni.createFrom().failure(e)));
    }

    /** The Related hubs on their own, as the community spec's {@code getRelatedItems} asks for them. */
    @GET
    @Path("{id}/related")
    public Uni<MediaContainer> related(@PathParam("id") String id) {
        long rk = ratingKey(id);
        long user = caller.get().userId();
        return access.scope().chain(scope -> browse.item(user, scope, rk).chain(it -> related.hubs(user, scope, it))
                .map(hubs -> ItemMapper.container().attr("size", hubs.size()).addAll(hubs)));
    }

    /** Re-reads the item's files: a rescan of its section, which only probes what changed. Owner only. */
    @jakarta.ws.rs.PUT
    @Path("{id}/refresh")
    public Uni<MediaContainer> refresh(@PathParam("id") String id) {
        long rk = ratingKey(id);
        if (!caller.get().isOwner()) {
            throw new jakarta.ws.rs.ForbiddenException("Only the server owner can refresh library items");
        }
        return browse.item(caller.get().userId(), SectionAccess.Scope.ALL, rk).map(item -> {
            scanner.request(item.sectionId, item.sectionTitle);
            return new MediaContainer();
        });
    }

    @jakarta.ws.rs.POST
    @Path("{id}/refresh")
    public Uni<MediaContainer> refreshPost(@PathParam("id") String id) {
        return refresh(id);
    }

    @GET
    @Path("{id}/children")
    public Uni<MediaContainer> children(@PathParam("id") String id, @QueryParam("index") Integer index,
            @BeanParam PageRequest page,
            @QueryParam("includeGuids") String guids) {
        long rk = ratingKey(id);
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.children(caller.get().userId(), scope, rk, index, paging,
                "1".equals(guids))
                // @ctrl/plex lists a collection's items here.
                .onFailure(NotFoundException.class).recoverWithUni(e -> collections.find(scope, rk)
                        .onFailure(NotFoundException.class).transform(none -> e)
                        .chain(c -> collections.children(caller.get().userId(), scope, rk, paging,
                                "1".equals(guids)))));
    }

    @GET
    @Path("{id}/allLeaves")
    public Uni<MediaContainer> allLeaves(@PathParam("id") String id,
            @BeanParam PageRequest page,
            @QueryParam("includeGuids") String guids) {
        long rk = ratingKey(id);
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.allLeaves(caller.get().userId(), scope, rk, paging,
                "1".equals(guids)));
    }

    @GET
    @Path("{id}/similar")
    public Uni<MediaContainer> similar(@PathParam("id") String id,
            @BeanParam PageRequest page) {
        long rk = ratingKey(id);
        Paging paging = page.paging();
        return access.scope().chain(scope -> related.similar(caller.get().userId(), scope, rk, paging));
    }

    /** Trailers and featurettes: the scanner keeps none, so an item's list is empty (and an unknown item a 404). */
    @GET
    @Path("{id}/extras")
    public Uni<MediaContainer> extras(@PathParam("id") String id) {
        long rk = ratingKey(id);
        return access.scope().chain(scope -> browse.item(caller.get().userId(), scope, rk))
                .map(it -> ItemMapper.container().attr("size", 0));
    }

    @GET
    @Path("{id}/thumb/{ts}")
    public Uni<Response> thumb(@PathParam("id") String id) {
        return image(id, "thumb");
    }

    @GET
    @Path("{id}/thumb")
    public Uni<Response> thumbLatest(@PathParam("id") String id) {
        return image(id, "thumb");
    }

    @GET
    @Path("{id}/art/{ts}")
    public Uni<Response> art(@PathParam("id") String id) {
        return image(id, "art");
    }

    @GET
    @Path("{id}/art")
    public Uni<Response> artLatest(@PathParam("id") String id) {
        return image(id, "art");
    }

    private Uni<Response> image(String id, String kind) {
        long rk = ratingKey(id);
        return access.scope().chain(scope -> browse.item(caller.get().userId(), scope, rk))
                .chain(item -> items.artwork(rk, kind))
                .map(bytes -> {
                    if (bytes == null) {
                        throw new NotFoundException("Item " + rk + " has no " + kind);
                    }
                    // The timestamp in the URL changes with the image, so clients may cache it for long.
                    return Response.ok(bytes, "image/jpeg").header("Cache-Control", "private, max-age=86400")
                            .build();
                });
    }

    static long ratingKey(String id) {
        return Params.pathId(id, "item with ratingKey");
    }

    static List<Long> ratingKeys(String ids) {
        List<Long> keys = new ArrayList<>();
        for (String s : ids.split(",")) {
            if (!s.isBlank()) {
                keys.add(ratingKey(s));
            }
        }
        if (keys.isEmpty() || keys.size() > 1000) {
            throw new NotFoundException("No item with ratingKey " + ids);
        }
        return keys;
    }
}
