package io.cinemesh.tokens.access;

import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * user-service's answer to which sections a user may see, at {@code cinemesh.upstream.user-service.url}: one client for
 * every service that filters by shares (library-service for browsing, the gateway for notifications).
 */
@RegisterRestClient(configKey = "user-service")
@Path("/internal/users")
public interface UserAccessClient {

    @GET
    @Path("{userId}/access")
    @Produces("application/json")
    Uni<UserAccess> access(@PathParam("userId") long userId, @HeaderParam(PlexHeaders.TOKEN) String token);
}
