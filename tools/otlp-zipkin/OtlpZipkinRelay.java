// OTLP/HTTP (protobuf) -> Zipkin v2 JSON relay for the local stack. JDK only, run as a single source file:
//   java tools/otlp-zipkin/OtlpZipkinRelay.java LISTEN_PORT ZIPKIN_SPANS_URL
//
// Why it exists: the services export OTLP (DESIGN.md: OTLP everywhere, an OpenTelemetry Collector in
// Kubernetes), but no zipkin-server on Maven Central accepts OTLP (the zipkin-otel collector module is not
// published there) and there is no Docker for an OTel Collector. This relay takes the place of the
// collector locally: it listens where CINEMESH_OTLP_ENDPOINT points (POST /v1/traces,
// application/x-protobuf, optionally gzip), decodes the spans with a minimal protobuf reader and
// posts them to Zipkin's /api/v2/spans. Services need no Zipkin-specific code or dependency.
//
// Mapping (same as the OTel Collector's zipkin exporter, simplified): resource service.name ->
// localEndpoint.serviceName; kind -> SERVER/CLIENT/PRODUCER/CONSUMER (INTERNAL: none); times ns -> us;
// attributes and resource attributes -> tags; events -> annotations; status ERROR -> tag "error";
// scope name -> tag otel.scope.name.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

public class OtlpZipkinRelay {

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4318;
        URI zipkin = URI.create(args.length > 1 ? args[1] : "http://127.0.0.1:9411/api/v2/spans");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/traces", ex -> {
            try (ex) {
                if (!"POST".equals(ex.getRequestMethod())) {
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                String ct = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
                if (!ct.startsWith("application/x-protobuf")) {
                    // OTLP/JSON is legal but nothing here sends it; say so instead of dropping spans silently.
                    reply(ex, 415, "text/plain", "only application/x-protobuf is supported\n");
                    return;
                }
                byte[] body = readBody(ex);
                String json = toZipkinJson(body);
                if (!json.equals("[]")) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(zipkin)
                                    .timeout(Duration.ofSeconds(5))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 != 2) {
                        System.err.println("zipkin answered " + r.statusCode() + ": " + r.body());
                        reply(ex, 502, "text/plain", "zipkin answered " + r.statusCode() + "\n");
                        return;
                    }
                }
                // An empty ExportTraceServiceResponse is zero bytes of protobuf.
                reply(ex, 200, "application/x-protobuf", "");
            } catch (Exception e) {
                System.err.println("relay error: " + e);
                try {
                    reply(ex, 500, "text/plain", e + "\n");
                } catch (IOException ignored) {
                    // the client went away
                }
            }
        });
        server.createContext("/health", ex -> {
            try (ex) {
                reply(ex, 200, "text/plain", "ok\n");
            }
        });
        server.start();
        System.out.println("otlp-zipkin relay: http://127.0.0.1:" + port + "/v1/traces -> " + zipkin);
    }

    static void reply(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
    }

    static byte[] readBody(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    // ---- OTLP protobuf -> Zipkin JSON -------------------------------------------------------------------

    static final String[] KINDS = {null, null, "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

    static String toZipkinJson(byte[] req) {
        List<String> spans = new ArrayList<>();
        // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
        for (Pb rs = new Pb(req); rs.next(); ) {
            if (rs.field != 1) continue;
            Map<String, String> resource = new LinkedHashMap<>();
            List<byte[]> scopeSpans = new ArrayList<>();
            // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
            for (Pb f = rs.message(); f.next(); ) {
                if (f.field == 1) {
                    for (Pb r = f.message(); r.next(); ) if (r.field == 1) keyValue(r.message(), resource);
                } else if (f.field == 2) {
                    scopeSpans.add(f.bytes());
                }
            }
            String service = resource.getOrDefault("service.name", "unknown_service");
            for (byte[] ss : scopeSpans) {
                String scope = null;
                // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
                for (Pb f = new Pb(ss); f.next(); ) {
                    if (f.field == 1) {
                        for (Pb s = f.message(); s.next(); ) if (s.field == 1) scope = s.string();
                    } else if (f.field == 2) {
                        spans.add(span(f.bytes(), service, scope, resource));
                    }
                }
            }
        }
        return "[" + String.join(",", spans) + "]";
    }

    static String span(byte[] b, String service, String scope, Map<String, String> resource) {
        String traceId = null, id = null, parent = null, name = "", kind = null, statusMsg = null;
        long start = 0, end = 0;
        int statusCode = 0;
        Map<String, String> tags = new LinkedHashMap<>();
        List<String> annotations = new ArrayList<>();
        for (Pb f = new Pb(b); f.next(); ) {
            switch (f.field) {
                case 1 -> traceId = hex(f.bytes());
                case 2 -> id = hex(f.bytes());
                case 4 -> { byte[] p = f.bytes(); if (p.length > 0) parent = hex(p); }
                case 5 -> name = f.string();
                case 6 -> { int k = (int) f.varint; kind = k >= 0 && k < KINDS.length ? KINDS[k] : null; }
                case 7 -> start = f.fixed;
                case 8 -> end = f.fixed;
                case 9 -> keyValue(f.message(), tags);
                case 11 -> { // Event { fixed64 time_unix_nano = 1; string name = 2; }
                    long t = 0; String n = "";
                    for (Pb e = f.message(); e.next(); ) {
                        if (e.field == 1) t = e.fixed;
                        else if (e.field == 2) n = e.string();
                    }
                    annotations.add("{\"timestamp\":" + t / 1000 + ",\"value\":" + q(n) + "}");
                }
                case 15 -> { // Status { string message = 2; StatusCode code = 3; }
                    for (Pb s = f.message(); s.next(); ) {
                        if (s.field == 2) statusMsg = s.string();
                        else if (s.field == 3) statusCode = (int) s.varint;
                    }
                }
                default -> { }
            }
        }
        resource.forEach(tags::putIfAbsent);
        if (scope != null) tags.put("otel.scope.name", scope);
        if (statusCode == 2) tags.put("error", statusMsg == null || statusMsg.isEmpty() ? "ERROR" : statusMsg);
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"traceId\":").append(q(traceId)).append(",\"id\":").append(q(id));
        if (parent != null) sb.append(",\"parentId\":").append(q(parent));
        sb.append(",\"name\":").append(q(name));
        if (kind != null) sb.append(",\"kind\":").append(q(kind));
        sb.append(",\"timestamp\":").append(start / 1000);
        sb.append(",\"duration\":").append(Math.max(1, (end - start) / 1000));
        sb.append(",\"localEndpoint\":{\"serviceName\":").append(q(service)).append("}");
        if (!annotations.isEmpty()) sb.append(",\"annotations\":[").append(String.join(",", annotations)).append("]");
        sb.append(",\"tags\":{");
        boolean first = true;
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(q(t.getKey())).append(':').append(q(t.getValue()));
        }
        return sb.append("}}").toString();
    }

    // KeyValue { string key = 1; AnyValue value = 2; }
    static void keyValue(Pb kv, Map<String, String> into) {
        String key = null, value = "";
        while (kv.next()) {
            if (kv.field == 1) key = kv.string();
            else if (kv.field == 2) value = anyValue(kv.message());
        }
        if (key != null) into.put(key, value);
    }

    // AnyValue { oneof { string 1; bool 2; int64 3; double 4; ArrayValue 5; KeyValueList 6; bytes 7; } }
    static String anyValue(Pb v) {
        String out = "";
        while (v.next()) {
            switch (v.field) {
                case 1 -> out = v.string();
                case 2 -> out = String.valueOf(v.varint != 0);
                case 3 -> out = String.valueOf(v.varint);
                case 4 -> out = String.valueOf(Double.longBitsToDouble(v.fixed));
                case 5 -> {
                    List<String> items = new ArrayList<>();
                    for (Pb a = v.message(); a.next(); ) if (a.field == 1) items.add(anyValue(a.message()));
                    out = String.join(",", items);
                }
                case 6 -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (Pb a = v.message(); a.next(); ) if (a.field == 1) keyValue(a.message(), m);
                    out = m.toString();
                }
                case 7 -> out = hex(v.bytes());
                default -> { }
            }
        }
        return out;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        return sb.toString();
    }

    static String q(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A minimal protobuf wire-format reader: enough for the OTLP trace messages. */
    static final class Pb {
        final byte[] buf;
        int pos;
        final int limit;
        int field, wire;
        long varint, fixed;
        int start, len;

        Pb(byte[] buf) { this(buf, 0, buf.length); }

        Pb(byte[] buf, int off, int limit) {
            this.buf = buf;
            this.pos = off;
            this.limit = limit;
        }

        boolean next() {
            if (pos >= limit) return false;
            long tag = readVarint();
            field = (int) (tag >>> 3);
            wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> varint = readVarint();
                case 1 -> { fixed = readLittleEndian(8); }
                case 2 -> { len = (int) readVarint(); start = pos; pos += len; check(); }
                case 5 -> { fixed = readLittleEndian(4); }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
            }
            return true;
        }

        Pb message() { return new Pb(buf, start, start + len); }

        byte[] bytes() {
            byte[] b = new byte[len];
            System.arraycopy(buf, start, b, 0, len);
            return b;
        }

        String string() { return new String(buf, start, len, StandardCharsets.UTF_8); }

        private long readVarint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) throw new IllegalArgumentException("truncated protobuf");
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) return result;
            }
            throw new IllegalArgumentException("malformed varint");
        }

        private long readLittleEndian(int n) {
            long r = 0;
            for (int i = 0; i < n; i++) {
                if (pos >= limit) throw new IllegalArgumentException("truncated protobuf");
                r |= (buf[pos++] & 0xffL) << (8 * i);
            }
            return r;
        }

        private void check() {
            if (pos > limit) throw new IllegalArgumentException("truncated protobuf");
        }
    }
}
