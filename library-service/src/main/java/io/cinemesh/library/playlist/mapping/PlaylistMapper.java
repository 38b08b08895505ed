package io.cinemesh.library.playlist.mapping;

import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.playlist.repository.PlaylistRow;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Playlists as PMS shows them. */
public final class PlaylistMapper {

    private PlaylistMapper() {
    }

    public static PlexElement element(PlaylistRow p) {
        String rk = Long.toString(p.id());
        PlexElement e = PlexElement.metadata("Playlist").attr("ratingKey", rk)
                .attr("key", "/playlists/" + rk + "/items").attr("guid", p.guid()).attr("type", "playlist")
                .attr("title", p.title()).attr("summary", p.summary()).attr("smart", p.smart())
                .attr("playlistType", p.kind()).attr("composite", composite(p)).attr("leafCount", p.leafCount())
                .attr("duration", p.durationMs()).attr("addedAt", p.addedAt().toEpochSecond())
                .attr("updatedAt", p.updatedAt().toEpochSecond()).attr("allowSync", false);
        if (p.smart()) {
            e.attr("content", "library://x/directory/" + URLEncoder.encode("/library/sections/" + p.sectionId()
                    + "/all?" + p.query(), StandardCharsets.UTF_8));
        }
        return e;
    }

    /** {@code /playlists/{id}/items}: the playlist's attributes over its entries. */
    public static MediaContainer items(PlaylistRow p) {
        return ItemMapper.container().attr("ratingKey", Long.toString(p.id()))
                .attr("key", "/playlists/" + p.id() + "/items").attr("title", p.title())
                .attr("summary", p.summary()).attr("playlistType", p.kind()).attr("smart", p.smart())
                .attr("composite", composite(p)).attr("leafCount", p.leafCount()).attr("duration", p.durationMs());
    }

    private static String composite(PlaylistRow p) {
        return "/playlists/" + p.id() + "/composite/" + p.updatedAt().toEpochSecond();
    }
}
