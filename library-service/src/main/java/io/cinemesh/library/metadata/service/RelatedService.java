package io.cinemesh.library.metadata.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.repository.ItemRow;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an item leads to, answered from the library alone: its similar items, the Related hubs of
 * {@code includeRelated=1} and {@code /related} (more by the album's artist, similar items: the scanner keeps no
 * directors or cast, so PMS's "More with …" hubs have nothing to show), and the On Deck episode of a show or season
 * ({@code includeOnDeck=1}).
 */
@ApplicationScoped
public class RelatedService {

    /** Items a Related hub shows; its key lists them all. */
    static final int HUB_SIZE = 10;

    /** Likeness: shared genres, styles, moods, directors, writers and actors (not collections or labels). */
    private static final String SHARED = "(SELECT count(*) FROM item_tag a JOIN item_tag b ON b.tag_id = a.tag_id "
            + "JOIN tag t ON t.id = a.tag_id WHERE a.item_id = $2 AND b.item_id = i.id AND t.tag_type IN (1, 4, 5, 6, "
            + "300, 301))";

    @Inject
    BrowseService browse;
    @Inject
    ItemRepository items;

    /** {@code /library/metadata/{id}/similar}: items of the same type and section, the most alike first. */
    public Uni<MediaContainer> similar(long userId, SectionAccess.Scope scope, long id, Paging paging) {
        return browse.item(userId, scope, id).chain(it -> {
            List<Object> params = new ArrayList<>();
            String where = similarWhere(userId, it, scope, params);
            return browse.listed(userId, "SELECT count(*)" + ItemRepository.FROM + where, "SELECT i.id"
                            + ItemRepository.FROM + where + " ORDER BY " + SHARED + " DESC, i.title_sort, i.id", params,
                            paging, false)
                    .map(mc -> mc.attr("librarySectionID", it.sectionId).attr("librarySectionTitle", it.sectionTitle)
                            .attr("title1", it.sectionTitle).attr("title2", "Similar to " + it.title)
                            .attr("viewGroup", PlexTypes.name(it.type)));
        });
    }

    /** The Related hubs of an item, each with at most {@link #HUB_SIZE} items; hubs with none are left out. */
    public Uni<List<PlexElement>> hubs(long userId, SectionAccess.Scope scope, ItemRow it) {
        List<Hub> wanted = new ArrayList<>();
        String scopeName = PlexTypes.scope(it.type);
        if (it.type == PlexTypes.ALBUM && it.parentId != null) {
            List<Object> p = new ArrayList<>(List.of(userId, it.id, it.parentId));
            wanted.add(new Hub(scopeName + ".artist", "More by " + it.parentTitle,
                    "/library/metadata/" + it.parentId + "/children", "WHERE i.parent_id = $3 AND i.id <> $2"
                            + scope.ratingSql("i", p) + " ORDER BY i.year DESC NULLS LAST, i.title_sort, i.id", p));
        }
        List<Object> p = new ArrayList<>();
        wanted.add(new Hub(scopeName + ".similar", "Similar " + PlexTypes.title(it.type),
                "/library/metadata/" + it.id + "/similar", similarWhere(userId, it, scope, p) + " ORDER BY " + SHARED
                        + " DESC, i.title_sort, i.id", p));
        List<Uni<PlexElement>> built = wanted.stream().map(h -> hub(userId, h, it)).toList();
        return Uni.join().all(built).andFailFast()
                .map(all -> all.stream().filter(h -> !h.children().isEmpty()).toList());
    }

    /**
     * The episode a viewer of this show or season would play next: the one in progress, else the first unplayed
     * after the last one played, else (nothing played yet) the first; none when all are played. A show's Specials
     * are left to its season.
     */
    public Uni<Optional<PlexElement>> onDeck(long userId, SectionAccess.Scope scope, ItemRow showOrSeason) {
        List<Object> params = new ArrayList<>(List.of(userId, showOrSeason.id));
        String specials = showOrSeason.type == PlexTypes.SHOW ? " AND coalesce(e.parent_idx, 1) <> 0" : "";
        String sql = "WITH eps AS (SELECT e.id, coalesce(e.parent_idx, 0) AS s, coalesce(e.idx, 0) AS n, "
                + "coalesce(w.view_count, 0) AS vc, coalesce(w.view_offset_ms, 0) AS vo, w.updated_at, "
                + "w.last_viewed_at FROM item e LEFT JOIN watch_state w ON w.item_id = e.id AND w.user_id = $1 "
                + "WHERE e.type = 4 AND (e.grandparent_id = $2 OR e.parent_id = $2)" + specials
                + scope.ratingSql("e", params) + "), "
                + "last AS (SELECT s, n FROM eps WHERE vc > 0 ORDER BY last_viewed_at DESC NULLS LAST LIMIT 1) "
                + "SELECT id FROM ((SELECT id, 0 AS rank, s, n FROM eps WHERE vo > 0 ORDER BY updated_at DESC "
                + "LIMIT 1) UNION ALL (SELECT id, 1, s, n FROM eps WHERE vc = 0 AND vo = 0 AND (NOT EXISTS "
                + "(SELECT 1 FROM last) OR (s, n) > ((SELECT s FROM last), (SELECT n FROM last))))) deck "
                + "ORDER BY rank, s, n, id LIMIT 1";
        return items.ids(sql, params).chain(ids -> browse.render(userId, ids))
                .map(list -> list.stream().findFirst());
    }

    /**
     * What python-plexapi's full reload asks beside the item ({@code includeRelated=1}, {@code includeOnDeck=1}),
     * added to its rendered {@code element}: the Related hubs, and a show's or season's On Deck episode.
     */
    public Uni<Void> addDetails(long userId, SectionAccess.Scope scope, long id, PlexElement element,
            boolean withRelated, boolean withOnDeck) {
        if (!withRelated && !withOnDeck) {
            return Uni.createFrom().voidItem();
        }
        return browse.item(userId, scope, id).chain(it -> {
            Uni<Void> deck = withOnDeck && (it.type == PlexTypes.SHOW || it.type == PlexTypes.SEASON)
                    ? onDeck(userId, scope, it).invoke(e -> e.ifPresent(ep -> element.add(PlexElement.of("OnDeck")
                            .add(ep)))).replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return deck.chain(() -> withRelated ? hubs(userId, scope, it).invoke(hubs -> element.add(
                    PlexElement.of("Related").addAll(hubs))).replaceWithVoid() : Uni.createFrom().voidItem());
        });
    }

    private record Hub(String identifier, String title, String key, String whereAndOrder, List<Object> params) {
    }

    private Uni<PlexElement> hub(long userId, Hub h, ItemRow it) {
        return items.ids("SELECT i.id" + ItemRepository.FROM + h.whereAndOrder() + " LIMIT " + (HUB_SIZE + 1),
                h.params()).chain(ids -> browse.render(userId, ids.subList(0, Math.min(ids.size(), HUB_SIZE)))
                        .map(rendered -> {
                            PlexElement hub = PlexElement.of("Hub").attr("hubIdentifier", h.identifier())
                                    .attr("context", "hub." + h.identifier())
                                    .attr("hubKey", h.key()).attr("key", h.key()).attr("title", h.title())
                                    .attr("type", PlexTypes.name(it.type)).attr("size", rendered.size())
                                    .attr("more", ids.size() > HUB_SIZE).attr("style", "shelf");
                            return hub.addAll(rendered);
                        }));
    }

    /** Binds $1 user, $2 item, $3 section, $4 type onto the empty {@code params}. */
    private static String similarWhere(long userId, ItemRow it, SectionAccess.Scope scope, List<Object> params) {
        params.addAll(List.of(userId, it.id, it.sectionId, it.type));
        return "WHERE i.section_id = $3 AND i.type = $4 AND i.id <> $2 AND " + SHARED + " > 0"
                + scope.ratingSql("i", params);
    }
}
