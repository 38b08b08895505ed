package io.cinemesh.plex.wire.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Refuses a request whose path or query holds a NUL character ({@code %00}) with a 400, in every service. No
 * Plex name, id or value contains one, and PostgreSQL cannot store one in text: without this check such a value
 * reached a query and came back as a 500 (found by the HTTP fuzz, SECURITY.md).
 */
@Provider
@PreMatching
public class ControlCharacterFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String where;
        try {
            where = nulIn(request);
        } catch (IllegalArgumentException malformed) {
            // A broken escape is left to the resource, which answers it as it always has.
            return;
        }
        if (where != null) {
            request.abortWith(PlexExceptionMappers.error(400, "Bad Request",
                    where + " contains a NUL character (%00), which no Plex request has"));
        }
    }

    private static String nulIn(ContainerRequestContext request) {
        if (request.getUriInfo().getPath(true).indexOf('\0') >= 0) {
            return "the path";
        }
        for (Map.Entry<String, List<String>> e : request.getUriInfo().getQueryParameters(true).entrySet()) {
            if (e.getKey().indexOf('\0') >= 0 || e.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                return "the query parameter '" + e.getKey().replace("\0", "") + "'";
            }
        }
        return null;
    }
}
