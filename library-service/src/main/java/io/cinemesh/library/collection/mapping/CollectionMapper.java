package io.cinemesh.library.collection.mapping;

import io.cinemesh.library.collection.repository.CollectionRow;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import java.util.List;

/** Collections (Plex type 18) as PMS shows them. */
public final class CollectionMapper {

    public static final int TYPE = 18;

    private CollectionMapper() {
    }

    /** A collection as PMS lists it: a {@code Directory type="collection"}, grouped under Metadata in JSON. */
    public static PlexElement element(CollectionRow c) {
        String rk = Long.toString(c.id());
        return PlexElement.metadata("Directory").attr("ratingKey", rk)
                .attr("key", "/library/collections/" + rk + "/children").attr("guid", c.guid())
                .attr("type", "collection").attr("title", c.title()).attr("subtype", PlexTypes.name(c.subtype()))
                .attr("summary", "").attr("index", c.tagId()).attr("librarySectionID", c.sectionId())
                .attr("librarySectionKey", "/library/sections/" + c.sectionId())
                .attr("librarySectionTitle", c.sectionTitle()).attr("smart", false)
                .attr("childCount", c.childCount()).attr("thumb", c.thumb())
                .attr("addedAt", c.addedAt().toEpochSecond()).attr("updatedAt", c.updatedAt().toEpochSecond());
    }

    /** {@code /library/collections/{id}}: the one collection under its section. */
    public static MediaContainer single(CollectionRow c) {
        return ItemMapper.container().attr("librarySectionID", c.sectionId())
                .attr("librarySectionTitle", c.sectionTitle()).attr("librarySectionUUID", c.sectionUuid().toString())
                .add(element(c));
    }

    /** A section's collections; the page's paging is described by the caller. */
    public static MediaContainer section(BrowseService.SectionInfo s) {
        return ItemMapper.container().attr("librarySectionID", s.id()).attr("librarySectionTitle", s.name())
                .attr("librarySectionUUID", s.uuid().toString()).attr("title1", s.name())
                .attr("title2", "Collections").attr("viewGroup", "secondary");
    }

    /** A collection's members' container; the members are rendered as items. */
    public static MediaContainer children(CollectionRow c) {
        return ItemMapper.container().attr("key", Long.toString(c.id())).attr("ratingKey", Long.toString(c.id()))
                .attr("title1", c.sectionTitle()).attr("title2", c.title()).attr("librarySectionID", c.sectionId())
                .attr("librarySectionTitle", c.sectionTitle()).attr("librarySectionUUID", c.sectionUuid().toString())
                .attr("viewGroup", PlexTypes.name(c.subtype()));
    }

    /** Collections matching a search as one hub; {@code found} holds one more than {@code limit} when more match. */
    public static PlexElement hub(List<CollectionRow> found, int limit) {
        boolean more = found.size() > limit;
        List<CollectionRow> shown = more ? found.subList(0, limit) : found;
        PlexElement hub = PlexElement.of("Hub").attr("title", "Collections").attr("type", "collection")
                .attr("hubIdentifier", "collection").attr("context", "hub.search.collection")
                .attr("size", shown.size()).attr("more", more).attr("style", "shelf");
        shown.forEach(c -> hub.add(element(c)));
        return hub;
    }

    /** The {@code <Meta>} python-plexapi reads from {@code collections?includeMeta=1} to search collections. */
    public static PlexElement meta(long sectionId) {
        PlexElement type = PlexElement.of("Type").attr("key", "/library/sections/" + sectionId + "/all?type=" + TYPE)
                .attr("type", "collection").attr("title", "Collections").attr("active", false);
        for (String[] s : new String[][] {{"titleSort", "Title", "asc"}, {"addedAt", "Date Added", "desc"},
            {"updatedAt", "Date Updated", "desc"}}) {
            type.add(PlexElement.of("Sort").attr("defaultDirection", s[2]).attr("descKey", s[0] + ":desc")
                    .attr("key", s[0]).attr("title", s[1]));
        }
        type.add(PlexElement.of("Field").attr("key", "title").attr("title", "Title").attr("type", "string"));
        return PlexElement.of("Meta").add(type);
    }
}
