package io.cinemesh.plex.wire.rest;

import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.plex.wire.PlexError;
import io.cinemesh.plex.wire.PlexRenderer;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Picks XML or JSON for every Plex response from the request's {@code Accept} header (XML unless it names
 * {@code application/json}), and mirrors paging attributes into the {@code X-Plex-Container-*} headers clients
 * also read.
 */
@Provider
public class PlexFormatFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (!(entity instanceof PlexElement) && !(entity instanceof PlexError)) {
            return;
        }
        boolean json = PlexRenderer.wantsJson(request.getHeaderString(HttpHeaders.ACCEPT));
        response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, PlexRenderer.contentType(json));
        if (entity instanceof PlexElement element) {
            Object offset = element.attr("offset");
            Object total = element.attr("totalSize");
            if (offset != null && total != null) {
                response.getHeaders().putSingle("X-Plex-Container-Start", offset.toString());
                response.getHeaders().putSingle("X-Plex-Container-Total-Size", total.toString());
            }
        }
    }
}
