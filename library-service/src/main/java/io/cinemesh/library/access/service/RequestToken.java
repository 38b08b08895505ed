package io.cinemesh.library.access.service;

import io.cinemesh.plex.wire.rest.PlexHeaders;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** The caller's own token, forwarded to user-service so that it answers for that caller only. */
@RequestScoped
public class RequestToken {

    private String token;

    public String get() {
        return token;
    }

    // Through a method, never the field: the injected holder is a client proxy, and a field written on the
    // proxy never reaches the request's bean.
    void set(String token) {
        this.token = token;
    }

    @Provider
    @Priority(Priorities.AUTHENTICATION + 1)
    public static class Capture implements ContainerRequestFilter {
        @Inject
        RequestToken holder;

        @Override
        public void filter(ContainerRequestContext request) {
            holder.set(PlexHeaders.token(request));
        }
    }
}
