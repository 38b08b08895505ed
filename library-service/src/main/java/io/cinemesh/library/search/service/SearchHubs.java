package io.cinemesh.library.search.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.collection.service.CollectionService;
import io.cinemesh.library.playlist.service.PlaylistService;
import io.cinemesh.library.tag.service.TagService;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The hubs of {@code /hubs/search} after the item hubs: tags (genre, director, actor), collections and the
 * caller's own playlists whose names match, exact matches first.
 */
@ApplicationScoped
public class SearchHubs {

    @Inject
    TagService tags;
    @Inject
    CollectionService collections;
    @Inject
    PlaylistService playlists;

    public Uni<List<PlexElement>> more(Caller by, SectionAccess.Scope scope, String query, int limit,
            Long sectionId) {
        Uni<List<PlexElement>> tagHubs = tags.hubs(scope, query, limit, sectionId);
        Uni<PlexElement> collectionHub = collections.hub(scope, query, limit, sectionId);
        // Playlists belong to no section, so a search within one section has none.
        Uni<PlexElement> playlistHub = sectionId != null ? Uni.createFrom().nullItem()
                : playlists.list(by, scope, null, query).map(mc -> playlistHub(mc.children(), query, limit));
        return Uni.combine().all().unis(tagHubs, collectionHub, playlistHub).asTuple().map(t -> {
            List<PlexElement> hubs = new ArrayList<>(t.getItem1());
            if (t.getItem2() != null) {
                hubs.add(t.getItem2());
            }
            if (t.getItem3() != null) {
                hubs.add(t.getItem3());
            }
            return hubs;
        });
    }

    private static PlexElement playlistHub(List<PlexElement> found, String query, int limit) {
        if (found.isEmpty()) {
            return null;
        }
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<PlexElement> ranked = new ArrayList<>(found);
        ranked.sort(Comparator.comparingInt(p -> {
            String title = String.valueOf(p.attr("title")).toLowerCase(Locale.ROOT);
            return title.equals(q) ? 0 : title.startsWith(q) ? 1 : 2;
        }));
        boolean more = ranked.size() > limit;
        List<PlexElement> shown = more ? ranked.subList(0, limit) : ranked;
        return PlexElement.of("Hub").attr("title", "Playlists").attr("type", "playlist")
                .attr("hubIdentifier", "playlist").attr("context", "hub.search.playlist").attr("size", shown.size())
                .attr("more", more).attr("style", "shelf").addAll(shown);
    }
}
