package io.cinemesh.events;

/** Event types, by topic. Each payload's fields are documented where it is published. */
public final class EventTypes {

    // library.events
    public static final String ITEM_ADDED = "item.added";
    public static final String ITEM_UPDATED = "item.updated";
    public static final String ITEM_REMOVED = "item.removed";
    public static final String SCAN_STARTED = "scan.started";
    public static final String SCAN_FINISHED = "scan.finished";

    // playback.events
    public static final String PLAYBACK_STARTED = "playback.started";
    public static final String PLAYBACK_PROGRESS = "playback.progress";
    public static final String PLAYBACK_PAUSED = "playback.paused";
    public static final String PLAYBACK_STOPPED = "playback.stopped";
    public static final String PLAYBACK_WATCHED = "playback.watched";

    // user.events
    public static final String USER_CHANGED = "user.changed";
    public static final String USER_DELETED = "user.deleted";
    public static final String SHARE_CHANGED = "share.changed";
    public static final String TOKEN_REVOKED = "token.revoked";

    // audit.events
    public static final String AUDIT = "audit";

    private EventTypes() {
    }
}
