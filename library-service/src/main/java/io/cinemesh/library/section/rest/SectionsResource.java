package io.cinemesh.library.section.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.scan.service.LibraryScanner;
import io.cinemesh.library.scan.service.ScanTracker;
import io.cinemesh.library.section.repository.Section;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.library.section.service.SectionService;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.plex.wire.rest.PageRequest;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Library sections: the list, management (owner only) and each section's browse endpoints. */
@jakarta.ws.rs.Path("/library/sections")
public class SectionsResource {

    @Inject
    SectionService sections;
    @Inject
    BrowseService browse;
    @Inject
    io.cinemesh.library.metadata.service.FieldEditService edits;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;
    @Inject
    LibraryScanner scanner;
    @Inject
    ScanTracker tracker;
    @Inject
    MediaRoot mediaRoot;
    @Inject
    io.cinemesh.library.collection.service.CollectionService collections;
    @Context
    HttpHeaders headers;
    @Context
    HttpServerRequest request;

    @GET
    public Uni<MediaContainer> list() {
        return access.scope().chain(scope -> Panache.withSession(() -> Section.<Section>listAll(Sort.by("id")))
                .chain(all -> scanner.scanningSections().map(scanning -> render(
                        all.stream().filter(s -> scope.allows(s.id)).toList(), scanning))));
    }

    @GET
    @jakarta.ws.rs.Path("all")
    public Uni<MediaContainer> all() {
        return list();
    }

    @POST
    public Uni<MediaContainer> create(@QueryParam("name") String name, @QueryParam("type") String type,
            @QueryParam("agent") String agent, @QueryParam("scanner") String scannerName,
            @QueryParam("language") String language, @QueryParam("location") List<String> locations) {
        return sections.create(caller.get(), ClientAddress.of(headers, request),
                        new SectionService.Request(name, type, agent, scannerName, language, locations))
                .chain(s -> scanner.scanningSections().map(scanning -> render(List.of(s), scanning)));
    }

    @PUT
    @jakarta.ws.rs.Path("{id}")
    public Uni<MediaContainer> update(@PathParam("id") long id, @QueryParam("name") String name,
            @QueryParam("agent") String agent, @QueryParam("scanner") String scannerName,
            @QueryParam("language") String language, @QueryParam("location") List<String> locations) {
        return sections.update(caller.get(), ClientAddress.of(headers, request), id,
                        new SectionService.Request(name, null, agent, scannerName, language, locations))
                .chain(s -> scanner.scanningSections().map(scanning -> render(List.of(s), scanning)));
    }

    @DELETE
    @jakarta.ws.rs.Path("{id}")
    public Uni<MediaContainer> delete(@PathParam("id") long id) {
        return sections.delete(caller.get(), ClientAddress.of(headers, request), id).map(v -> new MediaContainer());
    }

    @GET
    @jakarta.ws.rs.Path("{id}/refresh")
    public Uni<MediaContainer> refresh(@PathParam("id") long id) {
        return access.scope().chain(scope -> browse.section(id, scope)).map(s -> {
            if (!caller.get().isOwner()) {
                throw new jakarta.ws.rs.ForbiddenException("Only the server owner can refresh a section");
            }
            scanner.request(s.id(), s.name());
            return new MediaContainer();
        });
    }

    @PUT
    @jakarta.ws.rs.Path("{id}/refresh")
    public Uni<MediaContainer> refreshPut(@PathParam("id") long id) {
        return refresh(id);
    }

    @POST
    @jakarta.ws.rs.Path("{id}/refresh")
    public Uni<MediaContainer> refreshPost(@PathParam("id") long id) {
        return refresh(id);
    }

    @GET
    @jakarta.ws.rs.Path("{id}/timeline")
    public Uni<MediaContainer> timeline(@PathParam("id") long id) {
        return access.scope().chain(scope -> browse.section(id, scope)).chain(s -> scanner.scanningSections()
                .map(scanning -> {
                    int queue = tracker.queueSize(id);
                    if (queue == 0 && scanning.contains(id)) {
                        queue = 1;
                    }
                    return ItemMapper.container().attr("art", "/:/resources/" + s.type() + "-fanart.jpg")
                            .attr("librarySectionID", s.id()).attr("librarySectionTitle", s.name())
                            .attr("librarySectionUUID", s.uuid().toString())
                            .attr("thumb", "/:/resources/" + s.type() + ".png").attr("title1", s.name())
                            .attr("updateQueueSize", queue).attr("viewGroup", "secondary").attr("viewMode", 65592)
                            .attr("size", 0);
                }));
    }

    @GET
    @jakarta.ws.rs.Path("{id}/all")
    public Uni<MediaContainer> all(@PathParam("id") long id, @Context UriInfo uri,
            @BeanParam PageRequest page,
            @QueryParam("includeMeta") String meta, @QueryParam("includeGuids") String guids,
            @QueryParam("type") String type, @QueryParam("title") String title, @QueryParam("sort") String sort) {
        Paging paging = page.paging();
        if ("18".equals(type)) {
            // python-plexapi's section.collections() searches with libtype=collection.
            return access.scope().chain(scope -> collections.list(scope, id, title, sort, paging, "1".equals(meta)));
        }
        return access.scope().chain(scope -> browse.sectionAll(caller.get().userId(), scope, id,
                uri.getRequestUri().getRawQuery(), paging, "1".equals(meta), "1".equals(guids)));
    }

    /** Field edits, as python-plexapi sends them: {@code type=&id=&title.value=&title.locked=1}. */
    @PUT
    @jakarta.ws.rs.Path("{id}/all")
    public Uni<MediaContainer> edit(@PathParam("id") long id, @QueryParam("id") String ids, @Context UriInfo uri) {
        java.util.Map<String, String> params = new java.util.HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> params.put(k, v.isEmpty() ? null : v.get(0)));
        if ("18".equals(params.get("type"))) {
            return access.scope().chain(scope -> browse.section(id, scope))
                    .chain(s -> collections.rename(caller.get(), ClientAddress.of(headers, request), id, ids,
                            params.get("title.value")))
                    .map(v -> new MediaContainer());
        }
        return access.scope().chain(scope -> browse.section(id, scope))
                .chain(s -> edits.edit(caller.get(), ClientAddress.of(headers, request), id, ids, params))
                .map(v -> new MediaContainer());
    }

    @GET
    @jakarta.ws.rs.Path("{id}/onDeck")
    public Uni<MediaContainer> onDeck(@PathParam("id") long id, @BeanParam PageRequest page) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.section(id, scope)
                .chain(s -> browse.onDeck(caller.get().userId(), scope, id, paging)));
    }

    @GET
    @jakarta.ws.rs.Path("{id}/recentlyAdded")
    public Uni<MediaContainer> recentlyAdded(@PathParam("id") long id,
            @BeanParam PageRequest page) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> browse.section(id, scope)
                .chain(s -> browse.recentlyAdded(caller.get().userId(), scope, id, paging)));
    }

    @GET
    @jakarta.ws.rs.Path("{id}/collections")
    public Uni<MediaContainer> collections(@PathParam("id") long id,
            @BeanParam PageRequest page,
            @QueryParam("includeMeta") String meta) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> collections.list(scope, id, null, null, paging, "1".equals(meta)));
    }

    /** plexjs's deleteCollection. */
    @DELETE
    @jakarta.ws.rs.Path("{id}/collection/{collection}")
    public Uni<MediaContainer> deleteCollection(@PathParam("id") long id, @PathParam("collection") long collection) {
        return access.scope().chain(scope -> collections.find(scope, collection).chain(c -> {
            if (c.sectionId() != id) {
                throw new NotFoundException("No collection " + collection + " in library section " + id);
            }
            return collections.delete(caller.get(), ClientAddress.of(headers, request), scope, collection);
        })).map(v -> new MediaContainer());
    }

    MediaContainer render(List<Section> list, Set<Long> scanning) {
        MediaContainer mc = new MediaContainer().attr("allowSync", false).attr("identifier", LibraryResource.IDENTIFIER)
                .attr("mediaTagPrefix", "/system/bundle/media/flags/").attr("mediaTagVersion", 1)
                .attr("title1", "Plex Library");
        Path root;
        try {
            root = mediaRoot.root();
        } catch (RuntimeException e) {
            root = null;
        }
        for (Section s : list) {
            PlexElement d = PlexElement.of("Directory")
                    .attr("allowSync", false)
                    .attr("art", "/:/resources/" + s.type + "-fanart.jpg")
                    .attr("composite", "/library/sections/" + s.id + "/composite/" + s.updatedAt.toEpochSecond())
                    .attr("filters", true)
                    .attr("refreshing", scanning.contains(s.id))
                    .attr("thumb", "/:/resources/" + s.type + ".png")
                    .attr("key", s.id.toString())
                    .attr("type", s.type)
                    .attr("title", s.name)
                    .attr("agent", s.agent)
                    .attr("scanner", s.scanner)
                    .attr("language", s.language)
                    .attr("uuid", s.uuid.toString())
                    .attr("updatedAt", s.updatedAt.toEpochSecond())
                    .attr("createdAt", s.createdAt.toEpochSecond())
                    .attr("scannedAt", s.scannedAt == null ? 0 : s.scannedAt.toEpochSecond())
                    .attr("content", true)
                    .attr("directory", true)
                    .attr("hidden", false);
            for (var l : s.locations) {
                d.add(PlexElement.of("Location").attr("id", l.id)
                        .attr("path", root == null ? l.path : root.resolve(l.path).toString()));
            }
            mc.add(d);
        }
        return mc;
    }

    static NotFoundException notFound(long id) {
        return new NotFoundException("No library section " + id);
    }
}
