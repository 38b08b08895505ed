package io.cinemesh.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** user-service's answer to "which sections may this user see" ({@code GET /internal/users/{id}/access}). */
@RegisterRestClient(configKey = "user-service")
@Path("/internal/users")
public interface UserAccessClient {

    record UserAccess(long userId, boolean allSections, List<Long> sectionIds, String contentRatingLimit) {
    }

    @GET
    @Path("{userId}/access")
    @Produces("application/json")
    Uni<UserAccess> access(@PathParam("userId") long userId, @HeaderParam("X-Plex-Token") String token);
}
