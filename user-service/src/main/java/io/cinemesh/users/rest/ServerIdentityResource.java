package io.cinemesh.users.rest;

import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.tokens.PublicEndpoint;
import io.cinemesh.users.repository.ServerIdentity;
import io.cinemesh.users.service.ServerIdentityService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The server's identity for the other services (the gateway's {@code /} and {@code /identity}, library-service's
 * {@code server://} URIs). Public, like {@code /identity} itself.
 */
@Path("/internal/server-identity")
public class ServerIdentityResource {

    /** What other services read; a stable contract, so a record rather than the entity. */
    public record ServerIdentityView(String machineIdentifier, String friendlyName, long createdAt) {
    }

    @Inject
    ServerIdentityService identities;

    @Inject
    CurrentCaller caller;

    @GET
    @PublicEndpoint
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The server's machine identifier and name")
    public Uni<ServerIdentityView> get() {
        return identities.get().map(ServerIdentityResource::view);
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename the server (owner only)")
    public Uni<ServerIdentityView> rename(@QueryParam("friendlyName") String friendlyName,
            @Context HttpHeaders headers, @Context io.vertx.core.http.HttpServerRequest request) {
        if (!caller.get().isOwner()) {
            throw new ForbiddenException("Only the owner may rename the server");
        }
        if (friendlyName == null || friendlyName.isBlank() || friendlyName.length() > 100) {
            throw new BadRequestException("friendlyName must be 1 to 100 characters");
        }
        return identities.rename(caller.get(), friendlyName.strip(), ClientAddress.of(headers, request))
                .map(ServerIdentityResource::view);
    }

    private static ServerIdentityView view(ServerIdentity s) {
        return new ServerIdentityView(s.machineIdentifier, s.friendlyName, s.createdAt.toEpochSecond());
    }
}
