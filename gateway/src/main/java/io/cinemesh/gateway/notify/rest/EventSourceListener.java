package io.cinemesh.gateway.notify.rest;

import io.cinemesh.gateway.notify.service.Listener;
import io.cinemesh.gateway.notify.service.Notification;
import io.cinemesh.gateway.notify.service.SectionScope;
import io.cinemesh.tokens.Caller;
import io.vertx.core.http.HttpServerResponse;
import java.util.Set;

/**
 * A listener on {@code /:/eventsource/notifications} (server-sent events): each notification is an event named
 * by its type whose data is the same JSON the WebSocket sends.
 */
final class EventSourceListener extends Listener {

    private static final int WRITE_QUEUE_BYTES = 64 * 1024;

    private final HttpServerResponse response;

    EventSourceListener(HttpServerResponse response, Caller caller, String token, SectionScope scope,
            Set<String> filters, int maxQueued) {
        super(caller, token, scope, filters, maxQueued);
        this.response = response;
        response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        response.drainHandler(v -> drained());
        response.closeHandler(v -> closedByClient());
    }

    @Override
    public String transport() {
        return "eventsource";
    }

    @Override
    protected void write(Notification n) {
        response.write("event: " + n.type() + "\ndata: " + n.json() + "\n\n");
    }

    @Override
    protected boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    protected void writePing() {
        // A comment line: ignored by EventSource parsers, keeps proxies from timing the stream out.
        response.write(": ping\n\n");
    }

    @Override
    protected void closeSocket(short code, String reason) {
        if (!response.ended() && !response.closed()) {
            response.end(": closed: " + reason + "\n\n");
        }
    }
}
