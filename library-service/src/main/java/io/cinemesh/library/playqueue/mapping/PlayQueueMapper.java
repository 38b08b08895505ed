package io.cinemesh.library.playqueue.mapping;

import io.cinemesh.library.metadata.mapping.ItemMapper;
import io.cinemesh.library.metadata.repository.ItemRow;
import io.cinemesh.library.playqueue.repository.PlayQueueRow;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import java.util.List;

/** A play queue as PMS answers it: the queue's attributes over a page of its entries. */
public final class PlayQueueMapper {

    private PlayQueueMapper() {
    }

    /**
     * @param entries every entry the caller may see, [playQueueItemID, ratingKey] in play order
     * @param page the entries shown, with {@code loaded} their items
     */
    public static MediaContainer container(PlayQueueRow q, List<long[]> entries, List<long[]> page,
            List<ItemRow> loaded, Paging paging, ItemMapper.Options options) {
        Long selected = q.selected();
        int offset = 0;
        Long selectedItem = null;
        for (int i = 0; i < entries.size(); i++) {
            if (selected != null && entries.get(i)[0] == selected) {
                offset = i;
                selectedItem = entries.get(i)[1];
            }
        }
        MediaContainer mc = ItemMapper.container()
                .attr("playQueueID", q.id())
                .attr("playQueueSelectedItemID", selected)
                .attr("playQueueSelectedItemOffset", offset)
                .attr("playQueueSelectedMetadataItemID", selectedItem)
                .attr("playQueueShuffled", q.shuffled())
                .attr("playQueueSourceURI", q.sourceUri())
                .attr("playQueueTotalCount", entries.size())
                .attr("playQueueVersion", q.version())
                .attr("playQueueLastAddedItemID", q.lastAdded())
                .attr("playQueueRepeat", q.repeat())
                .attr("playQueueContinuous", q.continuous())
                .attr("playQueuePlaylistID", q.playlistId());
        paging.describe(mc, entries.size());
        ItemMapper.addEntries(mc, page, loaded, options, "playQueueItemID");
        return mc;
    }
}
