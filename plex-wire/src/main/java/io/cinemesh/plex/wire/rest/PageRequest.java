package io.cinemesh.plex.wire.rest;

import io.cinemesh.plex.wire.Paging;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;

/**
 * The page a Plex client asks for, as a resource method's {@code @BeanParam}: python-plexapi sends
 * {@code X-Plex-Container-Start/Size} as headers, @ctrl/plex as query parameters; a header wins.
 */
public class PageRequest {

    @HeaderParam("X-Plex-Container-Start")
    String headerStart;
    @HeaderParam("X-Plex-Container-Size")
    String headerSize;
    @QueryParam("X-Plex-Container-Start")
    String queryStart;
    @QueryParam("X-Plex-Container-Size")
    String querySize;

    /** The page; a value that is not a whole number, or is negative, is a 400 that names the parameter. */
    public Paging paging() {
        return Paging.parse(headerStart != null ? headerStart : queryStart,
                headerSize != null ? headerSize : querySize);
    }
}
