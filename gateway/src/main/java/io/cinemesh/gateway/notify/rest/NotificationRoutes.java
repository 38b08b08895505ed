package io.cinemesh.gateway.notify.rest;

import io.cinemesh.gateway.config.NotificationsConfig;
import io.cinemesh.gateway.notify.service.ListenerLimits;
import io.cinemesh.gateway.notify.service.NotificationHub;
import io.cinemesh.gateway.notify.service.SectionScope;
import io.cinemesh.gateway.notify.service.SectionScopes;
import io.cinemesh.gateway.routing.Admission;
import io.cinemesh.gateway.routing.PlexProxy;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.TokenVerifier;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Plex's notification endpoints, served by the gateway itself: {@code /:/websockets/notifications} (WebSocket)
 * and {@code /:/eventsource/notifications} (server-sent events). The token is checked exactly as for proxied
 * requests (header or query, allowed networks) and refused with a 401 before any upgrade; {@code filters=} (a
 * comma list of notification types) narrows what is sent.
 */
@ApplicationScoped
public class NotificationRoutes {

    private static final Logger LOG = Logger.getLogger(NotificationRoutes.class);
    static final String WEBSOCKET = "/:/websockets/notifications";
    static final String EVENTSOURCE = "/:/eventsource/notifications";

    @Inject
    Admission admission;
    @Inject
    TokenVerifier verifier;
    @Inject
    SectionScopes scopes;
    @Inject
    NotificationHub hub;
    @Inject
    ListenerLimits limits;

    @Inject
    NotificationsConfig notifications;

    void install(@Observes Router router) {
        // Before the proxy (order -10), which would answer 404 for a path no service owns.
        router.route().order(-20).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String path = PlexProxy.canonicalPath(ctx.normalizedPath());
        boolean websocket = path.equals(WEBSOCKET);
        if (!websocket && !path.equals(EVENTSOURCE)) {
            ctx.next();
            return;
        }
        HttpServerRequest in = ctx.request();
        if (in.method() != HttpMethod.GET) {
            PlexProxy.refuse(ctx, 405, "Method Not Allowed", "Notifications are read with GET");
            return;
        }
        if (websocket && !"websocket".equalsIgnoreCase(in.getHeader(HttpHeaders.UPGRADE))) {
            PlexProxy.refuse(ctx, 400, "Bad Request", "This endpoint speaks WebSocket only: send an Upgrade request, "
                    + "or use " + EVENTSOURCE + " for server-sent events");
            return;
        }
        String client = in.remoteAddress() == null ? null : in.remoteAddress().hostAddress();
        String token = PlexHeaders.token(in);
        Optional<String> admitted = admission.admit(token, client);
        Optional<Caller> caller = admitted.flatMap(verifier::verify);
        if (caller.isEmpty()) {
            PlexProxy.refuse(ctx, 401, "Unauthorized", verifier.refusal(token));
            return;
        }
        long userId = caller.get().userId();
        if (!limits.reserve(userId)) {
            // Before the upgrade: a client sees a plain 429 it can back off from, not a socket that dies at once.
            ctx.response().putHeader("Retry-After", "30");
            PlexProxy.refuse(ctx, 429, "Too Many Requests", "This account already has " + limits.maxPerUser()
                    + " notification connections open on this server; close one and try again");
            return;
        }
        Set<String> filters = filters(in.getParam("filters"));
        String listenerToken = admitted.get();
        // The shares may come back on another thread; the socket belongs to this request's event loop.
        Context context = Vertx.currentContext();
        in.pause();
        scopes.of(caller.get(), listenerToken).subscribe().with(
                scope -> context.runOnContext(v -> open(ctx, websocket, caller.get(), listenerToken, scope,
                        filters)),
                failure -> context.runOnContext(v -> {
                    limits.release(userId);
                    LOG.warnf("Cannot read shares of user %d from user-service: %s", caller.get().userId(),
                            failure.getMessage());
                    ctx.response().putHeader("Retry-After", "2");
                    PlexProxy.refuse(ctx, 503, "Service Unavailable",
                            "Library shares are unavailable right now; try again shortly");
                }));
    }

    private void open(RoutingContext ctx, boolean websocket, Caller caller, String token, SectionScope scope,
            Set<String> filters) {
        HttpServerRequest in = ctx.request();
        if (websocket) {
            in.toWebSocket().onComplete(ar -> {
                if (ar.failed()) {
                    limits.release(caller.userId());
                    LOG.debugf("WebSocket upgrade failed: %s", ar.cause().getMessage());
                    return;
                }
                WebSocketListener listener = new WebSocketListener(ar.result(), caller, token, scope, filters,
                        notifications.maxQueued());
                limits.releaseOnClose(listener);
                hub.register(listener);
            });
            return;
        }
        if (ctx.response().closed()) {
            // gone while its shares were looked up: no close event will come to give its place back
            limits.release(caller.userId());
            return;
        }
        in.resume();
        ctx.response().setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // Tells buffering proxies (nginx and friends) to pass each event on at once.
                .putHeader("X-Accel-Buffering", "no");
        EventSourceListener listener = new EventSourceListener(ctx.response(), caller, token, scope, filters,
                notifications.maxQueued());
        // Headers now, so the client sees the stream open before the first notification.
        ctx.response().write(": connected\n\n");
        limits.releaseOnClose(listener);
        hub.register(listener);
    }

    static Set<String> filters(String param) {
        if (param == null || param.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(param.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
