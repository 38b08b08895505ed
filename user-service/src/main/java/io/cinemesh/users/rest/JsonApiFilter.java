package io.cinemesh.users.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * The plex.tv-shaped {@code /api/v2} endpoints and the admin API speak JSON, errors included, whatever the client
 * accepts; the Plex error renderer picks its format from {@code Accept}, so it is set here before anything runs.
 */
@Provider
@PreMatching
public class JsonApiFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/api/v2/") || path.startsWith("/internal/users/")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, "application/json");
        }
    }
}
