package io.cinemesh.users.rest;

import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.tokens.RevocationList;
import io.cinemesh.users.service.Revocations;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Every revocation still in force, for the other services' {@link io.cinemesh.tokens.RevocationBootstrap}. Owner
 * tokens only (the services sign one with the cluster secret); never routed by the gateway.
 */
@Path("/internal/revocations")
@Tag(name = "Internal")
public class RevocationsResource {

    @Inject
    CurrentCaller caller;
    @Inject
    Revocations revocations;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoked token ids and per-user issued-up-to cut-offs (deleted users: Long.MAX_VALUE)")
    public Uni<RevocationList.Snapshot> list() {
        if (!caller.get().isOwner()) {
            throw new ForbiddenException("Only the services (with an owner token) may read revocations");
        }
        return revocations.snapshot();
    }
}
