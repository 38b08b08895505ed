package io.cinemesh.gateway.rest;

import io.cinemesh.gateway.routing.Admission;
import io.cinemesh.plex.wire.rest.PlexExceptionMappers;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.tokens.TokenFilter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets clients on an allowed network reach the gateway's own endpoints without a token, exactly as
 * {@link io.cinemesh.gateway.routing.PlexProxy} lets them reach the services: by acting as the owner.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 10)
public class AllowedNetworkFilter implements ContainerRequestFilter {

    @Inject
    Admission admission;
    @Context
    HttpServerRequest request;

    @Override
    public void filter(ContainerRequestContext ctx) {
        String token = PlexHeaders.token(ctx);
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (token == null || token.isEmpty()) {
            admission.admit(null, client).ifPresent(t -> ctx.getHeaders().putSingle(TokenFilter.TOKEN, t));
        } else if (admission.admit(token, client).isEmpty()) {
            // Also the gateway's own allowed-network credential, which the token check alone would accept.
            ctx.abortWith(PlexExceptionMappers.error(401, "Unauthorized",
                    "A valid X-Plex-Token is required (header or query parameter)"));
        }
    }
}
