package io.cinemesh.plex.wire.rest;

import io.cinemesh.plex.wire.PlexError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into a Plex-shaped error with a message a person can act on. A 4xx carries the message the
 * code gave it; anything unexpected becomes a 500 that says nothing of the internals (the stack trace goes to
 * the log, with the trace id, not to the client).
 */
public class PlexExceptionMappers {

    private static final Logger LOG = Logger.getLogger(PlexExceptionMappers.class);

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse();
        }
        String reason = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String message = e.getMessage();
        // JAX-RS fills in "HTTP 404 Not Found" when the code gave no message; say something more useful.
        if (message == null || message.startsWith("HTTP " + status)) {
            message = status == 404 ? "Not found" : status == 405 ? "Method not allowed for this endpoint" : reason;
        }
        Response answer = error(status, reason, message);
        // A refusal for load (429, 503) says when to come back; keep that for the client.
        Object retryAfter = e.getResponse().getHeaders().getFirst("Retry-After");
        return retryAfter == null ? answer : Response.fromResponse(answer).header("Retry-After", retryAfter).build();
    }

    /** What a client that met a database restart is told to wait before asking again. */
    public static final int DATABASE_RETRY_SECONDS = 2;

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (DatabaseUnreachable.in(e)) {
            LOG.warnf("The database could not be reached while serving a request: %s", e.toString());
            return Response.fromResponse(error(503, "Service Unavailable",
                            "The database is not reachable right now; try again in a few seconds"))
                    .header("Retry-After", DATABASE_RETRY_SECONDS).build();
        }
        LOG.error("Unexpected failure while serving a request", e);
        return error(500, "Internal Server Error", "The server could not complete the request");
    }

    public static Response error(int status, String reason, String message) {
        return Response.status(status).entity(new PlexError(status, reason, message)).build();
    }
}
