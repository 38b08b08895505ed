package io.cinemesh.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code audit.events} {@code audit}: one state-changing action, for user-service's audit log.
 *
 * @param actorId the user id of the caller, or {@code "anonymous"} before sign-in
 * @param actorName the caller's name
 * @param action what was done, e.g. {@code server.rename}, {@code signin}
 * @param target what it was done to, e.g. {@code section:3}
 * @param from the client's address
 * @param result {@code success}, {@code denied} or {@code failure}
 * @param traceId the trace id of the request, if any
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(String actorId, String actorName, String action, String target, String from,
        String result, String traceId) implements EventPayload {
}
