package io.cinemesh.library.playlist.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.metadata.service.MediaQuery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link LibraryUri} into the playable items it names, in play order, for one caller: containers
 * (show, season, artist, album, photo album) expand to their leaves, a section query runs through
 * {@link MediaQuery} exactly as {@code /library/sections/{id}/all} does.
 */
@ApplicationScoped
public class LibraryItems {

    @Inject
    ItemRepository items;
    @Inject
    BrowseService browse;

    public record Leaf(long id, int type) {
    }

    public Uni<List<Leaf>> resolve(long userId, SectionAccess.Scope scope, LibraryUri uri) {
        if (uri.isQuery()) {
            return query(userId, scope, uri.sectionId(), uri.sectionQuery());
        }
        Long[] keys = uri.ratingKeys().toArray(Long[]::new);
        return items.placements(keys).chain(found -> {
            Set<Long> visible = new HashSet<>();
            found.forEach(p -> {
                if (scope.allows(p.sectionId(), p.ratingAge())) {
                    visible.add(p.id());
                }
            });
            for (Long k : keys) {
                if (!visible.contains(k)) {
                    throw new NotFoundException("No item with ratingKey " + k);
                }
            }
            return items.leavesOf(keys, scope.maxAge())
                    .map(rows -> rows.stream().map(r -> new Leaf(r[0], (int) r[1])).toList());
        });
    }

    private Uni<List<Leaf>> query(long userId, SectionAccess.Scope scope, long sectionId, String rawQuery) {
        return browse.section(sectionId, scope).chain(s -> {
            MediaQuery q = MediaQuery.parse(userId, rawQuery, sectionId, PlexTypes.primary(s.type()),
                    scope.ratingOnly());
            if (!PlexTypes.LEAVES.contains(q.type())) {
                throw new BadRequestException("a section query for a playlist or play queue must select playable "
                        + "items (type=1, 4, 10 or 13)");
            }
            int size = q.limit() == null ? BrowseService.MAX_PAGE : Math.min(q.limit(), BrowseService.MAX_PAGE);
            return items.ids(q.pageSql(0, size), q.params()).map(ids -> {
                List<Leaf> out = new ArrayList<>();
                ids.forEach(id -> out.add(new Leaf(id, q.type())));
                return out;
            });
        });
    }

    /** video, audio or photo: what Plex calls a playlist's kind, from its items. */
    public static String kindOf(int type) {
        return switch (type) {
            case PlexTypes.TRACK -> "audio";
            case PlexTypes.PHOTO -> "photo";
            default -> "video";
        };
    }
}
