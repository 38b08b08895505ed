package io.cinemesh.plex.wire;

/**
 * An error as Plex servers send it: {@code <Response code="404" status="Not Found" message="…"/>} in XML and
 * {@code {"errors":[{"code":404,"status":404,"message":"…"}]}} in JSON. The message is meant for people and must
 * never carry a secret or a stack trace.
 */
public record PlexError(int status, String reason, String message) {

    public PlexError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
    }
}
