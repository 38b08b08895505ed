package io.cinemesh.plex.wire.rest;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Corks a connection (Linux {@code TCP_CORK}) while a media file goes out with {@code sendfile}, as nginx does with
 * {@code sendfile on; tcp_nopush on;}: the headers ride in the first full segment and the kernel sends only full
 * segments until the body is done, when uncorking pushes the rest. Measured on this project's two-core VM, nginx
 * itself serves a 61-MB film ~10 % slower with {@code tcp_nopush off}, which was the gap between the JVM and nginx
 * for one reader (BENCHMARKS.md). Only for bodies sent from a file: a corked socket holds a short answer back for up
 * to 200 ms, so every cork is paired with its uncork when the response ends. A no-op without the native transport.
 */
public final class SendfileCork {

    private static final Runnable NOTHING = () -> {
    };

    private SendfileCork() {
    }

    /** Corks {@code request}'s connection; returns what uncorks it (call it once the body is sent or failed). */
    public static Runnable cork(HttpServerRequest request) {
        Channel channel = request.connection() instanceof ConnectionBase c ? c.channel() : null;
        if (!(channel instanceof EpollSocketChannel) || !channel.isActive()) {
            return NOTHING;
        }
        try {
            channel.config().setOption(EpollChannelOption.TCP_CORK, true);
        } catch (RuntimeException e) {
            return NOTHING;
        }
        return () -> {
            if (channel.isOpen()) {
                try {
                    channel.config().setOption(EpollChannelOption.TCP_CORK, false);
                } catch (RuntimeException ignored) {
                    // the connection is going away: nothing left to push
                }
            }
        };
    }
}
