package io.cinemesh.users.rest;

import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.users.device.DeviceRegistry;
import io.cinemesh.users.repository.Account;
import io.cinemesh.users.repository.AuditLog;
import io.cinemesh.users.repository.AuthToken;
import io.cinemesh.users.repository.DeviceRepository;
import io.cinemesh.users.service.AccessView;
import io.cinemesh.users.service.AccountService;
import io.cinemesh.users.service.RequestInfo;
import io.cinemesh.users.service.TokenService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The owner's admin API: users, shares, tokens, devices and the audit log, as JSON. Every other caller gets 403.
 * See docs/admin-api.md for curl examples.
 */
@Path("/api/v2/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Owner only")
@APIResponse(responseCode = "401", description = "No valid X-Plex-Token")
@APIResponse(responseCode = "403", description = "The token is not the owner's")
public class AdminResource {

    public static final int MAX_PAGE = 500;

    @Inject
    CurrentCaller caller;
    @Inject
    AccountService accounts;
    @Inject
    TokenService tokens;
    @Inject
    AuditLog auditLog;
    @Inject
    DeviceRegistry devices;
    @Context
    HttpHeaders headers;
    @Context
    HttpServerRequest request;

    @RegisterForReflection
    public record UserView(long id, String name, String kind, String email, boolean hasPassword, boolean hasPin,
            String contentRatingLimit, boolean allSections, Long createdAt, Long updatedAt) {

        static UserView of(Account a) {
            return new UserView(a.id, a.name, a.kind, a.email, a.passwordHash != null, a.pinHash != null,
                    a.contentRatingLimit, a.isOwner() || a.allSections,
                    a.createdAt == null ? null : a.createdAt.toEpochSecond(),
                    a.updatedAt == null ? null : a.updatedAt.toEpochSecond());
        }
    }

    @RegisterForReflection
    public record TokenView(String id, long userId, String origin, long issuedAt, String clientIdentifier,
            String deviceName, String from, Long revokedAt) {

        static TokenView of(AuthToken t) {
            return new TokenView(t.id, t.accountId, t.origin, t.issuedAt.toEpochSecond(), t.clientIdentifier,
                    t.deviceName, t.fromAddress, t.revokedAt == null ? null : t.revokedAt.toEpochSecond());
        }
    }

    private Caller owner() {
        return Owner.require(caller);
    }

    private RequestInfo info() {
        return RequestInfo.of(headers, request);
    }

    // ---- users

    @GET
    @Path("/users")
    @Operation(summary = "List every account")
    public Uni<List<UserView>> users() {
        owner();
        return accounts.list().map(list -> list.stream().map(UserView::of).toList());
    }

    @POST
    @Path("/users")
    @Operation(summary = "Create a user (kind user, with password) or a managed user (kind managed, optional pin)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Missing or invalid field")
    @APIResponse(responseCode = "409", description = "The login or e-mail is taken")
    public Uni<Response> createUser(AccountService.NewUser body) {
        Caller by = owner();
        return accounts.create(by, body, info()).map(a -> Response.created(URI.create("/api/v2/admin/users/" + a.id))
                .entity(UserView.of(a)).build());
    }

    @GET
    @Path("/users/{id}")
    @Operation(summary = "One account")
    public Uni<UserView> user(@PathParam("id") long id) {
        owner();
        return accounts.get(id).map(UserView::of);
    }

    @PATCH
    @Path("/users/{id}")
    @Operation(summary = "Change name, email, password (signs the user out everywhere), pin ('' removes) or"
            + " contentRatingLimit ('' removes)")
    public Uni<UserView> updateUser(@PathParam("id") long id, AccountService.UserChange body) {
        Caller by = owner();
        return accounts.update(by, id, body, info()).map(UserView::of);
    }

    @DELETE
    @Path("/users/{id}")
    @Operation(summary = "Delete a user: its shares, devices and tokens go with it")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> deleteUser(@PathParam("id") long id) {
        Caller by = owner();
        return accounts.delete(by, id, info()).replaceWith(Response.noContent().build());
    }

    // ---- shares

    @GET
    @Path("/shares")
    @Operation(summary = "What every account may see")
    public Uni<List<AccessView>> shares() {
        owner();
        return accounts.accessOfAll();
    }

    @GET
    @Path("/users/{id}/shares")
    @Operation(summary = "What one account may see")
    public Uni<AccessView> sharesOf(@PathParam("id") long id) {
        owner();
        return accounts.access(id);
    }

    @PUT
    @Path("/users/{id}/shares")
    @Operation(summary = "Replace what a user may see: {sectionIds:[...], allSections?, contentRatingLimit?"
            + " (managed users)}")
    public Uni<AccessView> share(@PathParam("id") long id, AccountService.ShareChange body) {
        Caller by = owner();
        return accounts.share(by, id, body, info());
    }

    // ---- tokens

    @GET
    @Path("/tokens")
    @Operation(summary = "Issued tokens (ids only, never the tokens), newest first")
    public Uni<List<TokenView>> tokens(@QueryParam("userId") Long userId,
            @QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked) {
        owner();
        return tokens.list(userId, includeRevoked).map(list -> list.stream().map(TokenView::of).toList());
    }

    @DELETE
    @Path("/tokens/{tokenId}")
    @Operation(summary = "Revoke a token: every service refuses it within seconds")
    public Uni<TokenView> revoke(@PathParam("tokenId") String tokenId) {
        Caller by = owner();
        if (tokenId.length() > 64) {
            throw new BadRequestException("tokenId is at most 64 characters");
        }
        return tokens.revoke(by, tokenId, info()).map(TokenView::of);
    }

    @DELETE
    @Path("/users/{id}/tokens")
    @Operation(summary = "Revoke every token of a user (sign out everywhere)")
    public Uni<Map<String, Object>> revokeAll(@PathParam("id") long id) {
        Caller by = owner();
        return tokens.revokeAll(by, id, info()).map(n -> Map.of("userId", id, "revoked", n));
    }

    // ---- devices

    @GET
    @Path("/devices")
    @Operation(summary = "Players seen, from X-Plex-Client-Identifier on requests and sign-ins")
    public Uni<List<DeviceRepository.Device>> devices(@QueryParam("userId") Long userId) {
        owner();
        return devices.list(userId);
    }

    // ---- audit

    @GET
    @Path("/audit")
    @Operation(summary = "The audit log of every service, newest first")
    public Uni<AuditLog.Page> audit(
            @Parameter(description = "actor id or name") @QueryParam("actor") String actor,
            @Parameter(description = "action, or a prefix ending in * (user.*)") @QueryParam("action") String action,
            @Parameter(description = "success, failure or denied") @QueryParam("result") String result,
            @Parameter(description = "from this time on: ISO-8601 or epoch seconds") @QueryParam("from") String from,
            @Parameter(description = "before this time: ISO-8601 or epoch seconds") @QueryParam("to") String to,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        owner();
        if (offset < 0) {
            throw new BadRequestException("offset must be 0 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequestException("limit must be 1 to " + MAX_PAGE);
        }
        return auditLog.query(blankToNull(actor), blankToNull(action), blankToNull(result), time("from", from),
                time("to", to), offset, limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(v)).atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(v);
        } catch (DateTimeException | NumberFormatException e) {
            throw new BadRequestException(name + " must be an ISO-8601 time (2026-01-31T20:00:00Z) or epoch seconds");
        }
    }
}
