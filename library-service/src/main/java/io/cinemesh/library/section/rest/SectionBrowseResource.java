package io.cinemesh.library.section.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.folder.service.FolderService;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.mapping.MetaVocabulary;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.section.service.SectionDirectory;
import io.cinemesh.library.tag.service.TagService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A section's directories, as {@code GET /library/sections/{id}} lists them ({@link SectionDirectory}): the
 * shortcuts that are Media Queries, By Folder, the search prompt, and the filters' choice lists.
 */
@Path("/library/sections")
public class SectionBrowseResource {

    @Inject
    BrowseService browse;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;
    @Inject
    TagService tags;
    @Inject
    FolderService folders;

    @GET
    @Path("{id}")
    public Uni<MediaContainer> get(@PathParam("id") long id) {
        return access.scope().chain(scope -> browse.section(id, scope)).map(s -> {
            MediaContainer mc = ItemMapper.container().attr("art", "/:/resources/" + s.type() + "-fanart.jpg")
                    .attr("content", "secondary").attr("librarySectionID", s.id())
                    .attr("librarySectionTitle", s.name()).attr("librarySectionUUID", s.uuid().toString())
                    .attr("thumb", "/:/resources/" + s.type() + ".png").attr("title1", s.name())
                    .attr("viewGroup", "secondary");
            SectionDirectory.of(s.type()).forEach(d -> mc.add(d.element()));
            return mc;
        });
    }

    /**
     * The shortcuts that are Media Queries ({@code unwatched}, {@code newest}, {@code recentlyViewed}, a music
     * section's {@code albums}): the query first, so the caller's own filters, sort and type refine it.
     */
    @GET
    @Path("{id}/{directory: unwatched|newest|recentlyViewed|albums}")
    public Uni<MediaContainer> shortcut(@PathParam("id") long id, @PathParam("directory") String directory,
            @Context UriInfo uri, @BeanParam PageRequest page) {
        Paging paging = page.paging();
        String raw = uri.getRequestUri().getRawQuery();
        return access.scope().chain(scope -> browse.section(id, scope).chain(s -> {
            SectionDirectory d = SectionDirectory.query(s.type(), directory).orElseThrow(() -> new NotFoundException(
                    "Library section " + id + " (" + s.type() + ") has no '" + directory + "' directory"));
            return browse.sectionAll(caller.get().userId(), scope, id, d.query() + (raw == null ? "" : "&" + raw),
                    paging, false, false).map(mc -> {
                        mc.attr("title2", d.title());
                        return directory.equals("albums") ? mc.attr("mixedParents", true) : mc;
                    });
        }));
    }

    /** The old clients' search prompt ({@code search?type=1&query=…}): the titles of that type containing it. */
    @GET
    @Path("{id}/search")
    public Uni<MediaContainer> search(@PathParam("id") long id, @QueryParam("type") String type,
            @QueryParam("query") String query, @BeanParam PageRequest page) {
        Paging paging = page.paging();
        String q = (type == null ? "" : "type=" + URLEncoder.encode(type, StandardCharsets.UTF_8) + "&")
                + (query == null || query.isBlank() ? "" : "title=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return access.scope().chain(scope -> browse.sectionAll(caller.get().userId(), scope, id, q, paging, false,
                false)).map(mc -> mc.attr("title2", "Search for '" + (query == null ? "" : query) + "'"));
    }

    @GET
    @Path("{id}/folder")
    public Uni<MediaContainer> folder(@PathParam("id") long id, @QueryParam("parent") String parent,
            @BeanParam PageRequest page) {
        Paging paging = page.paging();
        return access.scope().chain(scope -> folders.folder(caller.get().userId(), scope, id,
                parent == null || parent.isEmpty() ? null : parent, paging));
    }

    /** The section's own folders (plexjs's {@code getFolders}), each opening its By Folder listing. */
    @GET
    @Path("{id}/location")
    public Uni<MediaContainer> locations(@PathParam("id") long id) {
        return access.scope().chain(scope -> folders.locations(scope, id));
    }

    /** The letters the section's titles begin with ({@code firstCharacters} is the community spec's name). */
    @GET
    @Path("{id}/firstCharacter")
    public Uni<MediaContainer> firstCharacter(@PathParam("id") long id, @QueryParam("type") String type) {
        return access.scope().chain(scope -> tags.firstCharacters(scope, id, type));
    }

    @GET
    @Path("{id}/firstCharacters")
    public Uni<MediaContainer> firstCharacters(@PathParam("id") long id, @QueryParam("type") String type) {
        return firstCharacter(id, type);
    }

    @GET
    @Path("{id}/filters")
    public Uni<MediaContainer> filters(@PathParam("id") long id, @QueryParam("type") String type) {
        return access.scope().chain(scope -> browse.section(id, scope)).map(s -> ItemMapper.container()
                .attr("librarySectionID", s.id()).attr("title1", s.name())
                .addAll(MetaVocabulary.filters("Directory", s.id(), TagService.type(type, s.type()))));
    }

    @GET
    @Path("{id}/sorts")
    public Uni<MediaContainer> sorts(@PathParam("id") long id) {
        return access.scope().chain(scope -> browse.section(id, scope)).map(s -> ItemMapper.container()
                .attr("librarySectionID", s.id()).attr("title1", s.name()).addAll(MetaVocabulary.sorts("Directory")));
    }

    /** Filter choice lists ({@code genre}, {@code year} …): the {@code Filter key}s of {@code includeMeta=1}. */
    @GET
    @Path("{id}/{filter}")
    public Uni<MediaContainer> filterChoices(@PathParam("id") long id, @PathParam("filter") String filter,
            @QueryParam("type") String type) {
        return access.scope().chain(scope -> tags.choices(scope, id, filter, type));
    }
}
