package io.cinemesh.events;

/**
 * Builds the {@code audit.events} record every state-changing action publishes: who, what, on what, from where,
 * when (the envelope's {@code occurredAt}), with what result, and the trace that did it. Never pass a password,
 * token or PIN here: the record is stored and shown to the owner as is.
 */
public final class AuditEvents {

    private AuditEvents() {
    }

    /**
     * @param actorId the user id of the caller, or {@code "anonymous"} before sign-in
     * @param actorName the caller's name
     * @param action what was done, e.g. {@code server.rename}, {@code signin}
     * @param target what it was done to, e.g. {@code section:3}
     * @param from the client's address
     * @param result {@code success}, {@code denied} or {@code failure}
     * @param traceId the trace id of the request, or {@code null}
     */
    public static CinemeshEvent record(String source, String actorId, String actorName, String action, String target,
            String from, String result, String traceId) {
        return CinemeshEvent.of(EventTypes.AUDIT, source, actorId,
                new AuditEvent(actorId, actorName, action, target, from, result, traceId));
    }
}
