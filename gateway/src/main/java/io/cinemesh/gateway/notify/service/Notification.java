package io.cinemesh.gateway.notify.service;

/**
 * One message for the notification sockets, already in Plex's JSON shape.
 *
 * @param type Plex's notification type ({@code timeline}, {@code activity}, {@code playing}), what
 *        {@code filters=} names
 * @param sectionId the library section it is about, for the share filter; null when about none
 * @param userId whose playback it is ({@code playing} only): other users do not hear of it unless they own the
 *        server; null for everyone's
 * @param ratingAge the item's age on the content-rating scale ({@code timeline} only), for listeners with a
 *        rating limit; null when unrated or about no item
 * @param json {@code {"NotificationContainer":{...}}}
 */
public record Notification(String type, Long sectionId, Long userId, Integer ratingAge, String json) {

    /** One about no rated item. */
    public Notification(String type, Long sectionId, Long userId, String json) {
        this(type, sectionId, userId, null, json);
    }
}
