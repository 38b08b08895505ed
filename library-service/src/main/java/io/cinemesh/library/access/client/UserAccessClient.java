package io.cinemesh.library.access.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** user-service, at {@code cinemesh.upstream.user-service.url}. */
@RegisterRestClient(configKey = "user-service")
@Path("/internal/users")
public interface UserAccessClient {

    @GET
    @Path("{userId}/access")
    @Produces("application/json")
    Uni<UserAccess> access(@PathParam("userId") long userId, @HeaderParam("X-Plex-Token") String token);
}
