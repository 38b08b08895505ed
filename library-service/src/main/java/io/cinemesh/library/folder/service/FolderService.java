package io.cinemesh.library.folder.service;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.folder.repository.FolderRepository;
import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.library.section.service.MediaRoot;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /library/sections/{id}/folder}, PMS's "By Folder": the section's folders as its files lie on disk, the
 * sub-folders first as {@code Directory} entries whose key opens them ({@code ?parent=}), then the items whose
 * files lie directly in the folder. The top level is the section's own folders, merged. A {@code parent} is
 * only ever compared with stored paths; it never reaches the file system.
 */
@ApplicationScoped
public class FolderService {

    @Inject
    FolderRepository folders;
    @Inject
    BrowseService browse;
    @Inject
    MediaRoot mediaRoot;

    public Uni<MediaContainer> folder(long userId, SectionAccess.Scope scope, long sectionId, String parent,
            Paging paging) {
        return browse.section(sectionId, scope).chain(s -> folders.locations(sectionId).chain(locations -> {
            List<String> listed = parent == null ? locations : List.of(inside(locations, parent, sectionId));
            return folders.list(sectionId, listed, scope.ratingOnly()).chain(found -> {
                if (parent != null && found.folders().isEmpty() && found.itemIds().isEmpty()) {
                    throw noFolder(parent, sectionId);
                }
                int total = found.folders().size() + found.itemIds().size();
                List<Integer> page = paging.slice(range(total));
                List<Long> itemIds = new ArrayList<>();
                MediaContainer mc = ItemMapper.container().attr("librarySectionID", s.id())
                        .attr("librarySectionTitle", s.name()).attr("librarySectionUUID", s.uuid().toString())
                        .attr("title1", s.name()).attr("title2", parent == null ? "By Folder" : name(parent))
                        .attr("viewGroup", "secondary");
                paging.describe(mc, total);
                for (int i : page) {
                    if (i < found.folders().size()) {
                        String f = found.folders().get(i);
                        // In JSON under Metadata with the items, where @ctrl/plex's folders() reads them.
                        mc.add(PlexElement.metadata("Directory").attr("key", key(sectionId, f))
                                .attr("title", name(f)));
                    } else {
                        itemIds.add(found.itemIds().get(i - found.folders().size()));
                    }
                }
                return browse.render(userId, itemIds).map(items -> {
                    items.forEach(mc::add);
                    return mc.attr("size", page.size());
                });
            });
        }));
    }

    /**
     * {@code /library/sections/{id}/location}: the section's own folders, each keyed to its By Folder listing and
     * titled with its path on the server.
     */
    public Uni<MediaContainer> locations(SectionAccess.Scope scope, long sectionId) {
        return browse.section(sectionId, scope).chain(s -> folders.locations(sectionId).map(locations -> {
            Path root = mediaRoot.rootOrNull();
            MediaContainer mc = ItemMapper.container().attr("librarySectionID", s.id()).attr("title1", s.name())
                    .attr("size", locations.size());
            for (String l : locations) {
                mc.add(PlexElement.of("Directory").attr("key", key(sectionId, l))
                        .attr("title", root == null ? l : root.resolve(l).toString()));
            }
            return mc;
        }));
    }

    /**
     * The parent as one of the section's locations or a folder inside one, in the stored form; anything else
     * (another section's folder, '..', empty segments) is no folder of this section.
     */
    static String inside(List<String> locations, String parent, long sectionId) {
        for (String segment : parent.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0) {
                throw noFolder(parent, sectionId);
            }
        }
        for (String l : locations) {
            if (l.isEmpty() || parent.equals(l) || parent.startsWith(l + "/")) {
                return parent;
            }
        }
        throw noFolder(parent, sectionId);
    }

    private static String key(long sectionId, String folder) {
        return "/library/sections/" + sectionId + "/folder?parent="
                + URLEncoder.encode(folder, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String name(String folder) {
        return folder.substring(folder.lastIndexOf('/') + 1);
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    private static NotFoundException noFolder(String parent, long sectionId) {
        return new NotFoundException("No folder '" + parent + "' in library section " + sectionId);
    }
}
