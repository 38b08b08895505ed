package io.cinemesh.library.section.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.plex.wire.rest.PageRequest;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/** {@code /library} and its cross-section lists, as python-plexapi and the npm clients read them. */
@Path("/library")
public class LibraryResource {

    public static final String IDENTIFIER = "com.plexapp.plugins.library";

    @Inject
    BrowseService browse;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;

    @GET
    public MediaContainer library() {
        return new MediaContainer()
                .attr("allowSync", false)
                .attr("art", "/:/resources/library-art.png")
                .attr("content", "secondary")
                .attr("identifier", IDENTIFIER)
                .attr("mediaTagPrefix", "/system/bundle/media/flags/")
                .attr("mediaTagVersion", 1)
                .attr("title1", "Plex Library")
                .attr("title2", "")
                .add(PlexElement.of("Directory").attr("key", "sections").attr("title", "Library Sections"))
                .add(PlexElement.of("Directory").attr("key", "recentlyAdded").attr("title", "Recently Added Content"))
                .add(PlexElement.of("Directory").attr("key", "onDeck").attr("title", "On Deck"));
    }

    @GET
    @Path("all")
    public Uni<MediaContainer> all(@Context UriInfo uri, @BeanParam PageRequest page,
            @QueryParam("includeGuids") String guids) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.libraryAll(caller.get().userId(), scope,
                uri.getRequestUri().getRawQuery(), paging, "1".equals(guids)));
    }

    @GET
    @Path("recentlyAdded")
    public Uni<MediaContainer> recentlyAdded(@BeanParam PageRequest page) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.recentlyAdded(caller.get().userId(), scope, null, paging));
    }

    @GET
    @Path("onDeck")
    public Uni<MediaContainer> onDeck(@BeanParam PageRequest page) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.onDeck(caller.get().userId(), scope, null, paging));
    }
}
