package io.cinemesh.users.rest;

import io.cinemesh.plex.wire.rest.PlexExceptionMappers;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.tokens.NetworkAdmission;
import io.cinemesh.tokens.PublicEndpoint;
import io.cinemesh.tokens.TokenFilter;
import io.cinemesh.users.repository.Account;
import io.cinemesh.users.service.AccountService;
import io.cinemesh.users.service.RequestInfo;
import io.cinemesh.users.service.SigninService;
import io.cinemesh.users.service.SigninService.Outcome;
import io.cinemesh.users.service.TokenService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sign-in shaped like plex.tv's {@code /api/v2}, so that a client whose auth server can be set signs in here:
 * {@code POST /api/v2/users/signin} (form or JSON {@code login}, {@code password}) answers 201 with the user and
 * its {@code authToken}; {@code GET /api/v2/user} names the token's user; Plex Home switching to managed users.
 */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in")
public class SigninResource {

    @Inject
    SigninService signins;
    @Inject
    AccountService accounts;
    @Inject
    TokenService tokens;
    @Inject
    CurrentCaller caller;

    @RegisterForReflection
    public record Credentials(String login, String password) {
    }

    @POST
    @Path("/users/signin")
    @PublicEndpoint
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Sign in with login (name or e-mail) and password; answers the user with its authToken")
    public Uni<Response> signinForm(@FormParam("login") String login, @FormParam("password") String password,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return answer(signins.signin(login, password, RequestInfo.of(headers, request)));
    }

    @POST
    @Path("/users/signin")
    @PublicEndpoint
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with a JSON body {login, password}")
    public Uni<Response> signinJson(Credentials body, @Context HttpHeaders headers,
            @Context HttpServerRequest request) {
        if (body == null) {
            throw new BadRequestException("a JSON body with login and password is required");
        }
        return answer(signins.signin(body.login(), body.password(), RequestInfo.of(headers, request)));
    }

    @GET
    @Path("/user")
    @Operation(summary = "The user the X-Plex-Token belongs to")
    public Uni<Map<String, Object>> user(@Context HttpHeaders headers, @QueryParam(TokenFilter.TOKEN) String query) {
        Caller me = caller.get();
        String token = headers.getHeaderString(TokenFilter.TOKEN);
        // The gateway's credential for an allowed network is not the client's to keep: answer the user without it.
        String echoed = NetworkAdmission.isNetworkAdmitted(me) ? null
                : token == null || token.isEmpty() ? query : token;
        return accounts.get(me.userId()).map(a -> UserJson.of(a, echoed));
    }

    @POST
    @Path("/users/signout")
    @Operation(summary = "Revoke the token this request carries")
    public Uni<Response> signout(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller me = caller.get();
        if (NetworkAdmission.isNetworkAdmitted(me)) {
            throw new BadRequestException("this request carries no token of its own to sign out");
        }
        return tokens.revoke(me, me.tokenId(), RequestInfo.of(headers, request))
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/home/users")
    @Operation(summary = "The Plex Home: the owner and the managed users one can switch to")
    public Uni<Map<String, Object>> homeUsers() {
        Caller me = caller.get();
        return accounts.list().map(all -> {
            List<Map<String, Object>> users = all.stream().filter(a -> a.isOwner() || a.isManaged())
                    .map(a -> me.isOwner() || a.id == me.userId() ? UserJson.of(a, null) : UserJson.publicOf(a))
                    .toList();
            return Map.of("id", 1, "name", "Cinemesh Home", "users", users);
        });
    }

    @POST
    @Path("/home/users/{userId}/switch")
    @Operation(summary = "Switch from the owner to a managed user (?pin= if the user has one); answers its authToken")
    public Uni<Response> switchTo(@PathParam("userId") String userId, @QueryParam("pin") String pin,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        long id;
        try {
            id = Long.parseLong(userId);
        } catch (NumberFormatException e) {
            throw new NotFoundException("No user with id " + userId);
        }
        Caller me = caller.get();
        if (NetworkAdmission.isNetworkAdmitted(me)) {
            // A switch answers a new token: from a token-less client that would turn network trust into a
            // credential that works anywhere.
            throw new ForbiddenException("Switching users needs the owner's own token; sign in first");
        }
        return answer(signins.switchTo(me, id, pin, RequestInfo.of(headers, request)));
    }

    private static Uni<Response> answer(Uni<Outcome> outcome) {
        return answer(outcome, in -> Response.status(201).entity(UserJson.of(in.account(), in.token())).build());
    }

    /** A sign-in's answer: {@code signedIn} for success; 429 with Retry-After when throttled, 503
     * with Retry-After when too many are being checked at once; 401 otherwise. */
    static Uni<Response> answer(Uni<Outcome> outcome, Function<SigninService.SignedIn, Response> signedIn) {
        return outcome.map(o -> {
            if (o instanceof SigninService.SignedIn in) {
                return signedIn.apply(in);
            }
            if (o instanceof SigninService.Throttled t) {
                long secs = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
                return Response.fromResponse(PlexExceptionMappers.error(429, "Too Many Requests",
                                "Too many failed attempts; try again in " + secs + " seconds"))
                        .header("Retry-After", secs).build();
            }
            if (o instanceof SigninService.Busy b) {
                return Response.fromResponse(PlexExceptionMappers.error(503, "Service Unavailable",
                                "Too many sign-ins at once; try again in a second"))
                        .header("Retry-After", b.retryAfter().toSeconds()).build();
            }
            return PlexExceptionMappers.error(401, "Unauthorized", ((SigninService.Refused) o).message());
        });
    }

}
