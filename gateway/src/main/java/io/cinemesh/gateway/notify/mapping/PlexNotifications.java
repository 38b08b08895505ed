package io.cinemesh.gateway.notify.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.ItemEvent;
import io.cinemesh.events.PlaybackEvent;
import io.cinemesh.events.ScanEvent;
import io.cinemesh.gateway.notify.service.Notification;
import io.cinemesh.tokens.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code library.events} and {@code playback.events} into what Plex Media Server sends on
 * {@code /:/websockets/notifications}: {@code timeline} entries for items, {@code activity} for section scans and
 * {@code playing} for playback (the shapes python-plexapi's AlertListener and @ctrl/plex's AlertListener read).
 * Events it has nothing to say about map to an empty list.
 */
public final class PlexNotifications {

    /** PMS's timeline states for {@code com.plexapp.plugins.library}. */
    public static final int CREATED = 0;
    public static final int DONE = 5;
    public static final int DELETED = 9;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlexNotifications() {
    }

    /** The notifications an event makes; none for an event of another kind or one that is malformed. */
    public static List<Notification> of(CinemeshEvent e) {
        try {
            return notifications(e);
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }

    private static List<Notification> notifications(CinemeshEvent e) {
        return switch (e.type()) {
            // A scan adds an item fully processed: PMS's "created" and "done" both hold at once.
            case EventTypes.ITEM_ADDED -> timeline(e, CREATED, DONE);
            case EventTypes.ITEM_UPDATED -> timeline(e, DONE);
            case EventTypes.ITEM_REMOVED -> timeline(e, DELETED);
            case EventTypes.SCAN_STARTED -> activity(e, "started", 0);
            case EventTypes.SCAN_FINISHED -> activity(e, "ended", 100);
            case EventTypes.PLAYBACK_STARTED, EventTypes.PLAYBACK_PROGRESS, EventTypes.PLAYBACK_PAUSED,
                    EventTypes.PLAYBACK_STOPPED -> playing(e);
            default -> List.of();
        };
    }

    private static List<Notification> timeline(CinemeshEvent e, int... states) {
        ItemEvent item = e.data(ItemEvent.class);
        long section = item.sectionId();
        String itemId = item.ratingKey();
        if (itemId == null) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>();
        for (int state : states) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("identifier", "com.plexapp.plugins.library");
            entry.put("sectionID", Long.toString(section));
            entry.put("itemID", itemId);
            if (item.typeNumber() != null) {
                entry.put("type", item.typeNumber());
            }
            entry.put("title", item.title() == null ? "" : item.title());
            entry.put("state", state);
            entry.put("updatedAt", e.occurredAt() == null ? 0 : e.occurredAt().getEpochSecond());
            out.add(new Notification("timeline", section, null, item.ratingAge(),
                    container("timeline", "TimelineEntry", entry)));
        }
        return out;
    }

    private static List<Notification> activity(CinemeshEvent e, String event, int progress) {
        ScanEvent scan = e.data(ScanEvent.class);
        long section = scan.sectionId();
        String uuid = scan.activityUuid() != null ? scan.activityUuid() : e.subject() + "-" + e.id();
        Map<String, Object> activity = new LinkedHashMap<>();
        activity.put("uuid", uuid);
        activity.put("type", "library.update.section");
        activity.put("cancellable", false);
        activity.put("userID", Caller.OWNER_ID);
        activity.put("title", "Scanning " + (scan.title() == null ? "library" : scan.title()));
        activity.put("subtitle", scan.added() == null ? ""
                : scan.added() + " added, " + scan.updated() + " updated, " + scan.removed() + " removed");
        activity.put("progress", progress);
        activity.put("Context", Map.of("librarySectionID", Long.toString(section)));
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("event", event);
        n.put("uuid", uuid);
        n.put("Activity", activity);
        return List.of(new Notification("activity", section, null, container("activity", "ActivityNotification", n)));
    }

    private static List<Notification> playing(CinemeshEvent e) {
        PlaybackEvent p = e.data(PlaybackEvent.class);
        String ratingKey = p.ratingKey();
        if (ratingKey == null) {
            return List.of();
        }
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("sessionKey", p.sessionKey() == null ? "" : p.sessionKey());
        n.put("clientIdentifier", p.clientIdentifier() == null ? "" : p.clientIdentifier());
        n.put("guid", "");
        n.put("ratingKey", ratingKey);
        n.put("url", "");
        n.put("key", "/library/metadata/" + ratingKey);
        n.put("viewOffset", p.viewOffsetMs() == null ? 0 : p.viewOffsetMs());
        n.put("playQueueItemID", 0);
        n.put("state", state(e, p));
        return List.of(new Notification("playing", p.sectionId(), p.userId(),
                container("playing", "PlaySessionStateNotification", n)));
    }

    private static String state(CinemeshEvent e, PlaybackEvent p) {
        if (p.state() != null) {
            return p.state();
        }
        return switch (e.type()) {
            case EventTypes.PLAYBACK_PAUSED -> "paused";
            case EventTypes.PLAYBACK_STOPPED -> "stopped";
            default -> "playing";
        };
    }

    private static String container(String type, String listName, Map<String, Object> element) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("size", 1);
        c.put(listName, List.of(element));
        try {
            return JSON.writeValueAsString(Map.of("NotificationContainer", c));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
