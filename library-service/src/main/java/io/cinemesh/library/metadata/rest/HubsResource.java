package io.cinemesh.library.metadata.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.plex.wire.rest.PageRequest;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** {@code /hubs/search} and the continue-watching hubs. */
@Path("/hubs")
public class HubsResource {

    @Inject
    BrowseService browse;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;
    @Inject
    io.cinemesh.library.search.service.SearchHubs searchHubs;

    @GET
    @Path("search")
    public Uni<MediaContainer> search(@QueryParam("query") String query, @QueryParam("limit") String limit,
            @QueryParam("sectionId") Long sectionId) {
        int n;
        try {
            n = limit == null || limit.isBlank() ? 10 : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a whole number, not '" + limit + "'");
        }
        if (n < 1 || n > 500) {
            throw new BadRequestException("limit must be between 1 and 500");
        }
        return access.scope().chain(scope -> browse.search(caller.get().userId(), scope, query, n, sectionId)
                .chain(mc -> query == null || query.isBlank() ? Uni.createFrom().item(mc)
                        : searchHubs.more(caller.get(), scope, query, n, sectionId).map(hubs -> {
                            hubs.forEach(mc::add);
                            return mc;
                        })));
    }

    @GET
    @Path("continueWatching/items")
    public Uni<MediaContainer> continueWatchingItems(@BeanParam PageRequest page) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.continueWatching(caller.get().userId(), scope, null, paging));
    }

    @GET
    @Path("continueWatching")
    public Uni<MediaContainer> continueWatching() {
        return access.scope().chain(scope -> browse.continueWatching(caller.get().userId(), scope, null,
                        new Paging(0, 20)))
                .map(items -> {
                    PlexElement hub = PlexElement.of("Hub").attr("hubKey", "/hubs/continueWatching/items")
                            .attr("key", "/hubs/continueWatching/items").attr("title", "Continue Watching")
                            .attr("type", "mixed").attr("hubIdentifier", "home.continue")
                            .attr("context", "hub.home.continue").attr("size", items.children().size())
                            .attr("more", false).attr("style", "hero");
                    hub.addAll(items.children());
                    return new MediaContainer().add(hub);
                });
    }

    @GET
    @Path("sections/{id}/continueWatching/items")
    public Uni<MediaContainer> sectionContinueWatching(@PathParam("id") long id,
            @BeanParam PageRequest page) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.section(id, scope)
                .chain(s -> browse.continueWatching(caller.get().userId(), scope, id, paging)));
    }
}
