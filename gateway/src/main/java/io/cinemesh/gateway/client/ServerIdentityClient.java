package io.cinemesh.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** user-service's record of the server's identity. */
@RegisterRestClient(configKey = "user-service")
@Path("/internal/server-identity")
public interface ServerIdentityClient {

    record ServerIdentity(String machineIdentifier, String friendlyName, long createdAt) {
    }

    @GET
    Uni<ServerIdentity> get();
}
