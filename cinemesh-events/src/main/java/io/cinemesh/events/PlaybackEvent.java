package io.cinemesh.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code playback.events} {@code playback.started}, {@code .progress}, {@code .paused}, {@code .stopped},
 * {@code .watched}: where a user's play of an item is.
 *
 * @param sessionId the stream session
 * @param userId who plays
 * @param ratingKey what is played
 * @param viewOffsetMs how far in
 * @param watched past the watched threshold (absent: not): later progress and the stop (the credits) leave no
 *     resume point
 * @param durationMs the item's length, when known
 * @param clientIdentifier the player
 * @param sessionKey Plex's session key, for the "playing" notification
 * @param sectionId the item's section, for the notification's share filter
 * @param state {@code playing}, {@code paused}, {@code buffering} or {@code stopped}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaybackEvent(String sessionId, long userId, String ratingKey, Long viewOffsetMs, Boolean watched,
        Long durationMs, String clientIdentifier, String sessionKey, Long sectionId, String state)
        implements EventPayload {
}
