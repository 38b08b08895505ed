package io.cinemesh.library;

import com.sun.net.httpserver.HttpServer;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CallerKind;
import io.cinemesh.tokens.TokenCodec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for user-service's {@code GET /internal/users/{id}/access}: answers with the shares a test sets, and
 * counts calls so a test can see the cache at work; and for {@code /internal/revocations}, with a fixed snapshot.
 * The real calls are covered end to end.
 */
public class UserServiceStandIn implements QuarkusTestResourceLifecycleManager {

    static final Map<Long, String> ACCESS = new ConcurrentHashMap<>();
    static final AtomicInteger CALLS = new AtomicInteger();
    /** Revoked before this service started, on a user.events topic that no longer has them. */
    static final String REVOKED_TOKEN_ID = "tok-revoked-before-start";
    static final long DELETED_USER = 99;
    static final String REVOCATIONS = "{\"tokens\":[\"" + REVOKED_TOKEN_ID + "\"],\"users\":[{\"userId\":"
            + DELETED_USER + ",\"issuedUpTo\":" + Long.MAX_VALUE + "}]}";
    private HttpServer server;

    /** A token as user-service issues it, signed with the test profile's {@code cinemesh.token.secret}. */
    static String token(long userId, String name, CallerKind kind, String tokenId) {
        return TokenCodec.fromBase64("dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdA==")
                .issue(new Caller(userId, name, kind, tokenId, Instant.now().getEpochSecond()));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/users/", exchange -> {
            CALLS.incrementAndGet();
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String body = null;
            try {
                body = ACCESS.get(Long.parseLong(parts[3]));
            } catch (RuntimeException ignored) {
                // unknown user
            }
            byte[] bytes = (body == null ? "{\"message\":\"no such user\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/internal/revocations", exchange -> {
            byte[] bytes = REVOCATIONS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return Map.of("cinemesh.upstream.user-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
