package io.cinemesh.library.section.rest;

import io.cinemesh.plex.wire.MediaContainer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** {@code /activities}: what the server is busy with. python-plexapi polls it until it is empty. */
@Path("/activities")
public class ActivitiesResource {

    @GET
    public MediaContainer activities() {
        return new MediaContainer();
    }
}
