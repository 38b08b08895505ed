package io.cinemesh.library.section.rest;

import io.cinemesh.library.section.repository.Section;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/** {@code /library} and the section list, as python-plexapi and the npm clients read them. */
@Path("/library")
public class LibraryResource {

    public static final String IDENTIFIER = "com.plexapp.plugins.library";

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
    @Path("sections")
    public Uni<MediaContainer> sections() {
        return Panache.withSession(() -> Section.<Section>listAll(Sort.by("id"))).map(LibraryResource::render);
    }

    @GET
    @Path("sections/all")
    public Uni<MediaContainer> allSections() {
        return sections();
    }

    static MediaContainer render(List<Section> sections) {
        MediaContainer mc = new MediaContainer().attr("allowSync", false).attr("identifier", IDENTIFIER)
                .attr("mediaTagPrefix", "/system/bundle/media/flags/").attr("mediaTagVersion", 1)
                .attr("title1", "Plex Library");
        for (Section s : sections) {
            PlexElement d = PlexElement.of("Directory")
                    .attr("allowSync", false)
                    .attr("art", "/:/resources/" + s.type + "-fanart.jpg")
                    .attr("composite", "/library/sections/" + s.id + "/composite/" + s.updatedAt.toEpochSecond())
                    .attr("filters", true)
                    .attr("refreshing", false)
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
                    .attr("hidden", 0);
            s.locations.forEach(l -> d.add(PlexElement.of("Location").attr("id", l.id).attr("path", l.path)));
            mc.add(d);
        }
        return mc;
    }
}
