package io.cinemesh.library.tag.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.mapping.MetaVocabulary;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.metadata.service.QueryFields;
import io.cinemesh.library.tag.repository.TagRepository.Choice;
import io.cinemesh.library.tag.repository.TagRepository.TagInSection;
import io.cinemesh.library.tag.repository.TagRepository;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tags as clients browse them: the tag hubs of {@code /hubs/search} and the filter choice lists
 * ({@code /library/sections/{id}/genre} …) that {@code <Meta>} advertises and python-plexapi's
 * {@code listFilterChoices} fetches.
 */
@ApplicationScoped
public class TagService {

    /** The tag hubs of a search, in the order PMS shows them: tag type → hub type. */
    static final Map<Integer, String> HUBS = new LinkedHashMap<>();

    static {
        HUBS.put(1, "genre");
        HUBS.put(4, "director");
        HUBS.put(6, "actor");
    }

    /**
     * The filters whose choices are an item column rather than tags, as the Media Query reads them; a rating's
     * choices keep their case (the query compares it in lower case).
     */
    private static final Map<String, String> COLUMNS = Map.of(
            "year", QueryFields.field("year").column().formatted("i"),
            "decade", QueryFields.field("decade").column().formatted("i"),
            "contentRating", "i.content_rating");

    @Inject
    TagRepository tags;
    @Inject
    BrowseService browse;

    /**
     * One hub per tag type with matching tags, each entry a tag within one section: exact names first, then names
     * starting with the query, case-insensitive. Its key lists that section's items with the tag, of the topmost
     * type that carries it (albums rather than artists for a music genre, which the scanner puts on albums).
     */
    public Uni<List<PlexElement>> hubs(SectionAccess.Scope scope, String query, int limit, Long sectionId) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        return tags.search(scope, List.copyOf(HUBS.keySet()), q, limit + 1, sectionId).map(rows -> {
            Map<Integer, List<TagInSection>> byType = new LinkedHashMap<>();
            rows.forEach(r -> byType.computeIfAbsent(r.tagType(), k -> new ArrayList<>()).add(r));
            List<PlexElement> hubs = new ArrayList<>();
            HUBS.forEach((tagType, name) -> {
                List<TagInSection> found = byType.get(tagType);
                if (found == null) {
                    return;
                }
                boolean more = found.size() > limit;
                List<TagInSection> shown = more ? found.subList(0, limit) : found;
                PlexElement hub = PlexElement.of("Hub").attr("title", capitalized(name) + "s").attr("type", name)
                        .attr("hubIdentifier", name).attr("context", "hub.search." + name)
                        .attr("size", shown.size()).attr("more", more).attr("style", "shelf");
                for (TagInSection r : shown) {
                    long sid = r.sectionId();
                    String filter = name + "=" + r.id();
                    hub.add(PlexElement.of("Directory").attr("id", r.id()).attr("tag", r.tag())
                            .attr("tagType", tagType).attr("filter", filter)
                            .attr("key", "/library/sections/" + sid + "/all?type=" + r.itemType() + "&" + filter)
                            .attr("librarySectionID", sid).attr("librarySectionKey", "/library/sections/" + sid)
                            .attr("librarySectionTitle", r.sectionName())
                            .attr("librarySectionType", PlexTypes.primary(r.sectionType()))
                            .attr("reason", "section").attr("reasonID", sid)
                            .attr("reasonTitle", r.sectionName()).attr("count", r.items()));
                }
                hubs.add(hub);
            });
            return hubs;
        });
    }

    /**
     * {@code /library/sections/{id}/{field}}: the values a filter can take in this section for one type (the
     * section's primary type unless {@code type=} says otherwise), each with the key to send back and the
     * section query it selects. Only the filters {@code <Meta>} advertises exist; anything else is a 404.
     */
    public Uni<MediaContainer> choices(SectionAccess.Scope scope, long sectionId, String field, String type) {
        if (!MetaVocabulary.FILTERS.contains(field)) {
            throw new NotFoundException("No filter '" + field + "' in library section " + sectionId + "; the filters "
                    + "are " + String.join(", ", MetaVocabulary.FILTERS));
        }
        return browse.section(sectionId, scope).chain(s -> {
            int t = type(type, s.type());
            String all = "/library/sections/" + sectionId + "/all?type=" + t + "&" + field + "=";
            String column = COLUMNS.get(field);
            Uni<List<Choice>> values = column != null
                    ? tags.columnValues(scope, sectionId, t, column, !field.equals("contentRating"))
                            .map(list -> list.stream().map(v -> new Choice(v, field.equals("decade") ? v + "s" : v))
                                    .toList())
                    : tags.tags(scope, sectionId, t, Integer.parseInt(QueryFields.field(field).column()));
            return values.map(list -> {
                MediaContainer mc = ItemMapper.container().attr("librarySectionID", s.id())
                        .attr("librarySectionTitle", s.name()).attr("librarySectionUUID", s.uuid().toString())
                        .attr("title1", s.name()).attr("title2", capitalized(field)).attr("viewGroup", "secondary")
                        .attr("size", list.size());
                for (Choice v : list) {
                    mc.add(PlexElement.of("Directory")
                            .attr("fastKey", all + URLEncoder.encode(v.key(), StandardCharsets.UTF_8))
                            .attr("key", v.key()).attr("title", v.title()).attr("type", field));
                }
                return mc;
            });
        });
    }

    /**
     * {@code /library/sections/{id}/firstCharacter}: the letters the section's titles (by sort title) begin with,
     * each with how many items it holds; '#' gathers titles that begin with anything but a letter. Each key is a
     * {@code firstCharacter=} value that the section's {@code /all} accepts back.
     */
    public Uni<MediaContainer> firstCharacters(SectionAccess.Scope scope, long sectionId, String type) {
        return browse.section(sectionId, scope).chain(s -> {
            int t = type(type, s.type());
            return tags.firstCharacters(scope, sectionId, t).map(rows -> {
                MediaContainer mc = ItemMapper.container().attr("librarySectionID", s.id())
                        .attr("librarySectionTitle", s.name()).attr("title1", s.name())
                        .attr("title2", "First Character").attr("viewGroup", "secondary").attr("size", rows.size());
                rows.forEach(r -> mc.add(PlexElement.of("Directory").attr("size", r.items())
                        .attr("key", r.character()).attr("title", r.character())));
                return mc;
            });
        });
    }

    public static int type(String type, String sectionType) {
        if (type == null || type.isBlank()) {
            return PlexTypes.primary(sectionType);
        }
        for (int t : PlexTypes.typesOf(sectionType)) {
            if (type.trim().equals(Integer.toString(t)) || type.trim().equalsIgnoreCase(PlexTypes.scope(t))) {
                return t;
            }
        }
        throw new BadRequestException("type " + type + " is not a type of this library section");
    }

    private static String capitalized(String field) {
        return field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1);
    }
}
