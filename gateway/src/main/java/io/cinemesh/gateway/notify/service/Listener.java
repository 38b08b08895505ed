package io.cinemesh.gateway.notify.service;

import io.cinemesh.tokens.Caller;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client listening for notifications, over a WebSocket or an event stream. Messages wait on the socket's
 * event loop; when more than {@code maxQueued} are waiting (the client reads slower than the server publishes)
 * the connection is closed with a reason instead of letting memory grow.
 */
public abstract class Listener {

    /** WebSocket close codes (RFC 6455 7.4.1 and IANA registry). */
    public static final short GOING_AWAY = 1001;
    public static final short POLICY_VIOLATION = 1008;
    public static final short TRY_AGAIN_LATER = 1013;

    private final Caller caller;
    private final String token;
    private final Set<String> filters;
    private final Context context;
    private final int maxQueued;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Messages the socket could not take yet; touched only on the listener's context. */
    private final ArrayDeque<Notification> pendingWrites = new ArrayDeque<>();
    private volatile SectionScope scope;
    private Runnable onClose = () -> {
    };
    private Runnable onTooSlow = () -> {
    };

    protected Listener(Caller caller, String token, SectionScope scope, Set<String> filters, int maxQueued) {
        this.caller = caller;
        this.token = token;
        this.scope = scope;
        this.filters = filters;
        this.maxQueued = maxQueued;
        this.context = Vertx.currentContext();
    }

    public abstract String transport();

    /** Writes one message; only called on the listener's context. */
    protected abstract void write(Notification n);

    /** Whether the socket holds as much unsent data as it should. */
    protected abstract boolean writeQueueFull();

    protected abstract void writePing();

    protected abstract void closeSocket(short code, String reason);

    public Caller caller() {
        return caller;
    }

    public String token() {
        return token;
    }

    public void scope(SectionScope scope) {
        this.scope = scope;
    }

    /** Adds {@code r} to what runs once when this listener closes. */
    void onClose(Runnable r) {
        Runnable before = this.onClose;
        this.onClose = () -> {
            before.run();
            r.run();
        };
    }

    void onTooSlow(Runnable r) {
        this.onTooSlow = r;
    }

    /**
     * Whether this listener may hear of it: its filters, its sections and rating limit, and others' playback only
     * for the owner.
     */
    public boolean wants(Notification n) {
        if (!filters.isEmpty() && !filters.contains(n.type())) {
            return false;
        }
        if (n.userId() != null && n.userId() != caller.userId() && !caller.isOwner()) {
            return false;
        }
        return n.sectionId() == null ? caller.isOwner() || n.userId() != null
                : scope.allows(n.sectionId(), n.ratingAge());
    }

    /** Queues a message from any thread. */
    public void offer(Notification n) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            onTooSlow.run();
            close(TRY_AGAIN_LATER, "client reads notifications too slowly");
            return;
        }
        context.runOnContext(v -> {
            if (closed.get()) {
                return;
            }
            // Through the queue even when the socket has room, so that messages never overtake each other.
            pendingWrites.add(n);
            drained();
        });
    }

    /** Writes what waits while the socket takes it; also called on the listener's context when it drains. */
    protected void drained() {
        while (!pendingWrites.isEmpty() && !writeQueueFull() && !closed.get()) {
            queued.decrementAndGet();
            write(pendingWrites.poll());
        }
    }

    public void ping() {
        context.runOnContext(v -> {
            if (!closed.get()) {
                writePing();
            }
        });
    }

    public void close(short code, String reason) {
        if (closed.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                pendingWrites.clear();
                closeSocket(code, reason);
            });
            onClose.run();
        }
    }

    /** The client went away by itself. */
    protected void closedByClient() {
        if (closed.compareAndSet(false, true)) {
            context.runOnContext(v -> pendingWrites.clear());
            onClose.run();
        }
    }
}
