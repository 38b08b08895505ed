package io.cinemesh.gateway;

import io.cinemesh.tokens.PartHandOff;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stand-ins for the three services, for testing the gateway's routing alone: each answers with what it
 * received (method, path, query, headers, body size), serves a server identity, and a large body on
 * {@code /library/parts/big}. The real services behind the real gateway are tested end to end in e2e/.
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    static final String MACHINE_ID = "0123456789abcdef0123456789abcdef01234567";
    static final int BIG = 8 * 1024 * 1024 + 17;

    /** What user-service says user 2 may see; tests change it to follow a share change. */
    static final java.util.concurrent.atomic.AtomicReference<java.util.List<Long>> USER_2_SECTIONS =
            new java.util.concurrent.atomic.AtomicReference<>(java.util.List.of(1L));
    /** User 2's content-rating limit (null: none), as user-service would answer it. */
    static final java.util.concurrent.atomic.AtomicReference<String> USER_2_LIMIT =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** The media folder the gateway shares with "stream-service" for part hand-offs, and a film in it. */
    static Path media;
    static Path film;

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        try {
            media = Files.createTempDirectory("gateway-media");
            byte[] frames = new byte[4096];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = (byte) (i * 7);
            }
            film = Files.write(media.resolve("Amélie (2001).mkv"), frames);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        config.put("cinemesh.parts.handoff", "true");
        config.put("cinemesh.media.root", media.toString());
        for (String service : new String[] {"library-service", "stream-service", "user-service"}) {
            // The services' own request-line limit (plex-wire's configuration), not Vert.x's 4-KB default.
            HttpServer server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                    .setMaxInitialLineLength(16384)).requestHandler(req -> {
                if (req.path().equals("/internal/server-identity")) {
                    req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("machineIdentifier", MACHINE_ID).put("friendlyName", "Test Server")
                            .put("createdAt", 1).encode());
                    return;
                }
                if (req.path().equals("/internal/users/2/access")) {
                    req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("userId", 2).put("name", "alice").put("kind", "user").put("allSections", false)
                            .put("sectionIds", new io.vertx.core.json.JsonArray(USER_2_SECTIONS.get()))
                            .put("contentRatingLimit", USER_2_LIMIT.get()).encode());
                    return;
                }
                // stream-service's side of a hand-off: bytes 10-109 of the film, or a file outside the media folder,
                // or (vanishing) a film removed from the folder after the hand-off's head and before its end.
                if (req.path().startsWith("/library/parts/handoff/") && io.cinemesh.tokens.TokenCodec.fromBase64(
                        org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("cinemesh.token.secret",
                                String.class)).isProof(PartHandOff.PURPOSE, req.getHeader(PartHandOff.ASK))) {
                    boolean vanishing = req.path().endsWith("/vanishing");
                    Path file = req.path().endsWith("/outside") ? Path.of("/etc/hostname")
                            : vanishing ? copyOfTheFilm() : film;
                    req.response().setStatusCode(206).putHeader("Content-Type", "video/x-matroska")
                            .putHeader("Content-Range", "bytes 10-109/4096").putHeader("ETag", "\"7-1000-1\"")
                            .putHeader(PartHandOff.FILE, PartHandOff.encodePath(file.toString()))
                            .putHeader(PartHandOff.OFFSET, req.path().endsWith("/malformed") ? "ten" : "10")
                            .putHeader(PartHandOff.LENGTH, "100");
                    if (!vanishing) {
                        req.response().end();
                        return;
                    }
                    req.response().setChunked(true).write("-");
                    vertx.setTimer(300, t -> {
                        try {
                            Files.delete(file);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        req.response().end();
                    });
                    return;
                }
                if (req.path().equals("/library/parts/big")) {
                    byte[] bytes = new byte[BIG];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) (i * 31);
                    }
                    req.response().putHeader("Content-Type", "video/mp4").end(Buffer.buffer(bytes));
                    return;
                }
                req.body().onSuccess(body -> {
                    JsonObject headers = new JsonObject();
                    req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                    req.response().putHeader("Content-Type", "application/json")
                            .putHeader("X-Echo-Service", service)
                            .end(new JsonObject().put("service", service).put("method", req.method().name())
                                    .put("path", req.path()).put("query", req.query())
                                    .put("headers", headers).put("bodyLength", body.length()).encode());
                });
            });
            try {
                server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            config.put("cinemesh.upstream." + service + ".url", "http://127.0.0.1:" + server.actualPort());
        }
        return config;
    }

    private static Path copyOfTheFilm() {
        try {
            return Files.copy(film, media.resolve("Vanishing " + System.nanoTime() + ".mkv"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
        try {
            Files.deleteIfExists(film);
            Files.deleteIfExists(media);
        } catch (IOException ignored) {
            // a temp folder; the OS cleans it
        }
    }
}
