package io.cinemesh.users.device;

import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.users.service.RequestInfo;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Learns devices from authenticated requests; runs after the token filter has named the caller. */
@Provider
@Priority(Priorities.AUTHENTICATION + 50)
public class DeviceFilter implements ContainerRequestFilter {

    @Inject
    CurrentCaller caller;
    @Inject
    DeviceRegistry devices;
    @Context
    HttpHeaders headers;
    @Context
    HttpServerRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (caller.isPresent() && context.getHeaderString("X-Plex-Client-Identifier") != null) {
            devices.seen(caller.get().userId(), RequestInfo.of(headers, request));
        }
    }
}
