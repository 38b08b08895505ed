package io.cinemesh.users.rest;

import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.users.service.AccessView;
import io.cinemesh.users.service.AccountService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a user may see, for library-service and stream-service, which forward the caller's token: a user may ask
 * about itself, the owner about anyone. Cache it per user until {@code user.events} says the user changed.
 */
@Path("/internal/users/{userId}/access")
@Tag(name = "Internal")
public class AccessResource {

    @Inject
    CurrentCaller caller;
    @Inject
    AccountService accounts;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sections shared with a user and its content-rating limit (owner: allSections)")
    public Uni<AccessView> access(@PathParam("userId") String userId) {
        long id;
        try {
            id = Long.parseLong(userId);
        } catch (NumberFormatException e) {
            throw new NotFoundException("No user with id " + userId);
        }
        Caller me = caller.get();
        if (!me.isOwner() && me.userId() != id) {
            throw new ForbiddenException("A user may only read its own access");
        }
        return accounts.access(id);
    }
}
