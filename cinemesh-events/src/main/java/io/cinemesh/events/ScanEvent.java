package io.cinemesh.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code library.events} {@code scan.started} and {@code scan.finished}; the counts are only in the finish.
 *
 * @param sectionId the section scanned
 * @param title its name
 * @param activityUuid pairs the start with the finish, as {@code /activities} shows the scan
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanEvent(long sectionId, String title, String activityUuid, Integer files, Integer added,
        Integer updated, Integer removed, Integer broken, Long durationMs) implements EventPayload {

    public static ScanEvent started(long sectionId, String title, String activityUuid) {
        return new ScanEvent(sectionId, title, activityUuid, null, null, null, null, null, null);
    }
}
