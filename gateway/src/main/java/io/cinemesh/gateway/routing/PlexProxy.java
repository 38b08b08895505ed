package io.cinemesh.gateway.routing;

import io.cinemesh.plex.wire.PlexError;
import io.cinemesh.plex.wire.PlexRenderer;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.plex.wire.rest.SendfileCork;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.PartHandOff;
import io.cinemesh.tokens.TokenFilter;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Forwards every Plex path the gateway does not serve itself to the service that owns it, streaming both bodies
 * (a film is never buffered here) and keeping {@code Range}, {@code X-Plex-*} headers and the query intact.
 */
@ApplicationScoped
public class PlexProxy {

    private static final Logger LOG = Logger.getLogger(PlexProxy.class);

    /** Connection-scoped headers (RFC 9110 7.6.1) that a proxy must not forward. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto");

    /** The request-context key under which Quarkus' observability reads a request's route template. */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    /** The largest body chunk relayed in one write: one socket read's worth. */
    static final int BODY_CHUNK = 64 * 1024;
    /** Bytes a downstream response may queue before the upstream read is paused (Netty's default is 64 KiB). */
    static final int WRITE_QUEUE = 1024 * 1024;

    @Inject
    Vertx vertx;
    @Inject
    Admission admission;
    @Inject
    Config config;
    @Inject
    LocalParts localParts;
    @Inject
    io.cinemesh.tokens.TokenVerifier verifier;

    private HttpClientOptions clientOptions;
    /**
     * One client per event loop, so that a request's upstream connection lives on the thread that serves its
     * client: with one shared pool, a connection opened by another loop hands every chunk and every flow-control
     * acknowledgement across threads.
     */
    private final ThreadLocal<HttpClient> clients =
            ThreadLocal.withInitial(() -> vertx.createHttpClient(clientOptions));
    private final Map<String, URI> upstreams = new HashMap<>();

    void start(@Observes StartupEvent ignored) {
        for (String service : new String[] {RouteTable.LIBRARY, RouteTable.STREAM, RouteTable.USER}) {
            upstreams.put(service, URI.create(config.getValue("cinemesh.upstream." + service + ".url",
                    String.class)));
        }
        clientOptions = new HttpClientOptions()
                .setConnectTimeout(5_000)
                .setKeepAlive(true)
                .setMaxPoolSize(256)
                // Film bytes arrive in up to 64 KiB reads; the default 8 KiB chunking cuts each into eight
                // buffers, each paid for again on the way out.
                .setMaxChunkSize(BODY_CHUNK)
                .setDecompressionSupported(false);
    }

    void install(@Observes Router router) {
        // Before Quarkus REST, which serves only the gateway's own paths (/, /identity) and answers 404 for the rest.
        router.route().order(-10).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String path = canonicalPath(ctx.normalizedPath());
        Optional<String> service = RouteTable.serviceFor(path);
        if (service.isEmpty()) {
            ctx.next();
            return;
        }
        HttpServerRequest in = ctx.request();
        // Read by Micrometer's uri tag and the server span's http.route, as Quarkus REST sets it for its routes.
        ((HttpServerRequestInternal) in).context().putLocal(URL_PATH_TEMPLATE, RouteTable.template(path));
        // The peer, unless it is a trusted hop (the mesh's ingress): see cinemesh.forwarding.trusted-proxies.
        String client = ClientAddress.of(in);
        String token = PlexHeaders.token(in);
        Optional<String> admitted = admission.admit(token, client);
        if (admitted.isEmpty() && RouteTable.needsNoToken(path) && (token == null || token.isEmpty())) {
            admitted = Optional.of("");
        }
        if (admitted.isEmpty()) {
            refuse(ctx, 401, "Unauthorized", verifier.refusal(token));
            return;
        }
        in.pause();
        URI upstream = upstreams.get(service.get());
        String uri = path + (in.query() == null ? "" : "?" + in.query());
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(upstream.getHost())
                .setPort(upstream.getPort())
                .setURI(uri)
                .setIdleTimeout(120_000);
        MultiMap headers = options.getHeaders() == null ? MultiMap.caseInsensitiveMultiMap() : options.getHeaders();
        in.headers().forEach(h -> {
            if (crossesTheProxy(h.getKey())) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        if (admitted.get().isEmpty()) {
            headers.remove(TokenFilter.TOKEN);
        } else {
            headers.set(TokenFilter.TOKEN, admitted.get());
        }
        // Overwrite, never append: a client must not be able to choose the address the audit log records.
        headers.set("X-Forwarded-For", client);
        headers.set("X-Forwarded-Proto", in.scheme() == null ? "http" : in.scheme());
        if (in.authority() != null) {
            headers.set("X-Forwarded-Host", in.authority().toString());
        }
        options.setHeaders(headers);
        forward(ctx, service.get(), options, localParts.wanted(in.method().name(), path), true);
    }

    /**
     * Sends the request upstream and relays the answer, or sends a handed-off part body from the local disk. A
     * hand-off this gateway cannot honour is asked again without one (GET only, so there is no body to replay).
     */
    private void forward(RoutingContext ctx, String service, RequestOptions options, boolean handOff,
            boolean firstTry) {
        HttpServerRequest in = ctx.request();
        if (handOff) {
            options.putHeader(PartHandOff.ASK, verifier.codec().proof(PartHandOff.PURPOSE));
        } else {
            options.removeHeader(PartHandOff.ASK);
        }
        clients.get().request(options).onComplete(ar -> {
            if (ar.failed()) {
                in.resume();
                unavailable(ctx, service, ar.cause());
                return;
            }
            HttpClientRequest out = ar.result();
            ctx.response().closeHandler(v -> out.reset());
            String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null && in.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                out.setChunked(true);
            }
            (firstTry ? out.send(in) : out.send()).onComplete(res -> {
                if (res.failed()) {
                    unavailable(ctx, service, res.cause());
                    return;
                }
                HttpClientResponse upstream = res.result();
                String handedOff = handOff ? upstream.getHeader(PartHandOff.FILE) : null;
                if (handedOff == null) {
                    relay(upstream, ctx.response());
                    return;
                }
                Optional<Path> file = localParts.file(handedOff);
                upstream.body().onComplete(drained -> {
                    if (file.isPresent()) {
                        Optional<Slice> slice = Slice.of(upstream);
                        if (slice.isPresent()) {
                            // Counted before the bytes go out: the client can have them all before this line runs.
                            localParts.sent();
                            sendLocal(upstream, file.get(), slice.get(), in, ctx.response());
                            return;
                        }
                        localParts.malformed(handedOff);
                    }
                    forward(ctx, service, options, false, false);
                });
            });
        });
    }

    /**
     * The path as routes name it. Some HTTP libraries percent-encode the colon of Plex's {@code /:/} paths;
     * decode just that, since every other escape (notably {@code %2F}) must reach the service unchanged.
     */
    public static String canonicalPath(String normalized) {
        return normalized.indexOf('%') < 0 ? normalized : normalized.replace("%3A", ":").replace("%3a", ":");
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            upstream.request().reset();
            return;
        }
        response.setStatusCode(upstream.statusCode());
        response.setStatusMessage(upstream.statusMessage());
        copyHeaders(upstream, response);
        if (upstream.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
        }
        // With only one chunk's worth of room the pipe would pause and resume the upstream on every write.
        response.setWriteQueueMaxSize(WRITE_QUEUE);
        // A body cut short upstream must not look complete downstream: reset rather than end.
        upstream.pipe().endOnFailure(false).to(response).onFailure(e -> response.reset());
    }

    /** The range of the file a hand-off names; none when its headers are missing or not numbers. */
    private record Slice(long offset, long length) {

        static Optional<Slice> of(HttpClientResponse upstream) {
            try {
                return Optional.of(new Slice(Long.parseLong(upstream.getHeader(PartHandOff.OFFSET)),
                        Long.parseLong(upstream.getHeader(PartHandOff.LENGTH))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** The body stream-service handed back, sent from the page cache. */
    private static void sendLocal(HttpClientResponse upstream, Path file, Slice slice, HttpServerRequest request,
            HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(upstream.statusCode());
        response.setStatusMessage(upstream.statusMessage());
        copyHeaders(upstream, response);
        response.headers().remove(HttpHeaders.CONTENT_LENGTH);
        Runnable uncork = SendfileCork.cork(request);
        response.sendFile(file.toString(), slice.offset(), slice.length()).onComplete(sent -> {
            uncork.run();
            if (sent.succeeded()) {
                return;
            }
            if (response.headWritten()) {
                response.reset();
                return;
            }
            // Vert.x opens the file only now: one removed from the library's folder since stream-service looked
            // fails before a byte is written, and the player gets an answer instead of a reset.
            upstream.headers().names().forEach(response.headers()::remove);
            response.setStatusCode(404).setStatusMessage("Not Found")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("This file is no longer on the server");
        });
    }

    /** Neither hop-by-hop nor part of the internal hand-off contract: such headers pass in both directions. */
    private static boolean crossesTheProxy(String header) {
        return !HOP_BY_HOP.contains(header.toLowerCase(Locale.ROOT)) && !PartHandOff.isHandOffHeader(header);
    }

    private static void copyHeaders(HttpClientResponse upstream, HttpServerResponse response) {
        upstream.headers().forEach(h -> {
            if (crossesTheProxy(h.getKey())) {
                response.headers().add(h.getKey(), h.getValue());
            }
        });
    }

    private void unavailable(RoutingContext ctx, String service, Throwable cause) {
        LOG.warnf("%s did not answer %s %s: %s", service, ctx.request().method(), ctx.normalizedPath(),
                cause.getMessage());
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // Bytes already went out: the only honest thing left is to cut the connection.
            response.reset();
            return;
        }
        response.putHeader("Retry-After", "2");
        refuse(ctx, 503, "Service Unavailable", service + " is not reachable right now; try again shortly");
    }

    public static void refuse(RoutingContext ctx, int status, String reason, String message) {
        boolean json = PlexRenderer.wantsJson(ctx.request().getHeader(HttpHeaders.ACCEPT));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            PlexRenderer.write(new PlexError(status, reason, message), json, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, PlexRenderer.contentType(json))
                .end(Buffer.buffer(body.toByteArray()));
    }
}
