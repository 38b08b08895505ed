package io.cinemesh.events;

/**
 * The typed {@code data} of an event: one record per kind of event, version 1 of each, with the field names the
 * topic has carried since version 1 (so a service of the previous release reads a newer one's events and the
 * other way round). {@link CinemeshEvent#of(String, String, String, EventPayload)} writes one,
 * {@link CinemeshEvent#data(Class)} reads one; {@code EventPayloadTest} pins the JSON of each.
 */
public sealed interface EventPayload permits ItemEvent, ScanEvent, PlaybackEvent, UserEvent, AuditEvent {
}
