package io.cinemesh.users.rest;

import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.plex.wire.rest.PlexExceptionMappers;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.users.service.RequestInfo;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Turns away everyone but the owner from the admin API, and records the attempt: a user probing the admin API is
 * something the owner wants to see in the audit log.
 */
public class AdminGuard {

    private final CurrentCaller caller;
    private final AuditTrail audit;

    public AdminGuard(CurrentCaller caller, AuditTrail audit) {
        this.caller = caller;
        this.audit = audit;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> guard(ContainerRequestContext request, HttpHeaders headers, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/v2/admin") || !caller.isPresent() || caller.get().isOwner()) {
            return Uni.createFrom().nullItem();
        }
        Caller who = caller.get();
        String target = request.getMethod() + " " + (path.length() > 200 ? path.substring(0, 200) : path);
        return Panache.withTransaction(() -> audit.record(who, "admin.access", target,
                        RequestInfo.of(headers, http).from(), AuditTrail.DENIED))
                .replaceWith(() -> PlexExceptionMappers.error(403, "Forbidden",
                        "Only the server owner may use the admin API"));
    }
}
