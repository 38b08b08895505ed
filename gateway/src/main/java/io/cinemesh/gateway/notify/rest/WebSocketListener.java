package io.cinemesh.gateway.notify.rest;

import io.cinemesh.gateway.notify.service.Listener;
import io.cinemesh.gateway.notify.service.Notification;
import io.cinemesh.gateway.notify.service.SectionScope;
import io.cinemesh.tokens.Caller;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;

/** A listener on {@code /:/websockets/notifications}: one text message per notification. */
final class WebSocketListener extends Listener {

    /** Bytes the socket may hold unsent before further messages wait in the listener's own bounded queue. */
    private static final int WRITE_QUEUE_BYTES = 64 * 1024;

    private final ServerWebSocket socket;

    WebSocketListener(ServerWebSocket socket, Caller caller, String token, SectionScope scope, Set<String> filters,
            int maxQueued) {
        super(caller, token, scope, filters, maxQueued);
        this.socket = socket;
        socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        socket.drainHandler(v -> drained());
        socket.closeHandler(v -> closedByClient());
        // Listeners only listen; whatever a client sends is ignored, as PMS does.
        socket.handler(b -> {
        });
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    protected void write(Notification n) {
        socket.writeTextMessage(n.json());
    }

    @Override
    protected boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    protected void writePing() {
        socket.writePing(Buffer.buffer());
    }

    @Override
    protected void closeSocket(short code, String reason) {
        if (!socket.isClosed()) {
            socket.close(code, reason);
        }
    }
}
