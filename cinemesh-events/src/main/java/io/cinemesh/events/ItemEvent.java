package io.cinemesh.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code library.events} {@code item.added}, {@code item.updated}, {@code item.removed}: an item or a collection
 * of a section changed.
 *
 * @param ratingKey the item's id
 * @param sectionId its section
 * @param type Plex's type name ({@code movie}, {@code episode}, {@code collection}, ...)
 * @param typeNumber Plex's type number, absent for a collection
 * @param title its title
 * @param ratingAge the age its content rating is for, absent when unrated (allowed for every limit)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemEvent(String ratingKey, long sectionId, String type, Integer typeNumber, String title,
        Integer ratingAge) implements EventPayload {
}
