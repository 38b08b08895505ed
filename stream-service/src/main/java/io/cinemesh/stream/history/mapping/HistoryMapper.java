package io.cinemesh.stream.history.mapping;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.stream.history.repository.PlayHistory;
import io.cinemesh.stream.history.service.HistoryPage;
import io.cinemesh.stream.session.service.ItemElements;

/** A page of viewings as PMS lists them: the item as it was when watched, plus who and when. */
public final class HistoryMapper {

    private HistoryMapper() {
    }

    public static MediaContainer container(HistoryPage page, Paging paging) {
        MediaContainer mc = new MediaContainer();
        for (PlayHistory h : page.viewings()) {
            mc.add(element(h));
        }
        return paging.describe(mc, page.total());
    }

    static PlexElement element(PlayHistory h) {
        PlexElement item = ItemElements.element(h.itemType, h.ratingKey, h.itemAttrs)
                .attr("historyKey", "/status/sessions/history/" + h.id)
                .attr("viewedAt", h.viewedAt.toEpochSecond())
                .attr("accountID", h.userId);
        if (h.sectionId != null) {
            item.attr("librarySectionID", Long.toString(h.sectionId));
        }
        return item;
    }
}
