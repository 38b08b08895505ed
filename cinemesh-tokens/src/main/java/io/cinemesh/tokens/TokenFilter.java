package io.cinemesh.tokens;

import io.cinemesh.plex.wire.rest.PlexExceptionMappers;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Lets a request in only with a valid token, from the {@code X-Plex-Token} header or query parameter (players
 * put it in the URLs of streams and images). Runs in every service, so a request that reaches a service
 * directly gets the same answer as one through the gateway.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class TokenFilter implements ContainerRequestFilter {

    public static final String TOKEN = PlexHeaders.TOKEN;

    @Inject
    TokenVerifier verifier;
    @Inject
    CurrentCaller current;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic()) {
            return;
        }
        String token = PlexHeaders.token(request);
        Optional<Caller> caller = verifier.verify(token);
        if (caller.isEmpty()) {
            request.abortWith(PlexExceptionMappers.error(401, "Unauthorized", verifier.refusal(token)));
            return;
        }
        current.set(caller.get());
    }

    private boolean isPublic() {
        if (resource == null || resource.getResourceMethod() == null) {
            return false;
        }
        return resource.getResourceMethod().isAnnotationPresent(PublicEndpoint.class)
                || resource.getResourceClass().isAnnotationPresent(PublicEndpoint.class);
    }
}
