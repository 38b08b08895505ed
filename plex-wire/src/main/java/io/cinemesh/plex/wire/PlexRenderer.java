package io.cinemesh.plex.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one renderer of Plex responses, in both wire formats, from the same {@link PlexElement} tree.
 *
 * <p>XML is written by hand rather than through JAXB so that nothing needs reflection (native images) and the
 * attribute order stays as built. JSON follows the rules real clients rely on: children grouped by
 * {@link PlexElement#jsonKey()}, singletons as objects, typed values.
 */
public final class PlexRenderer {

    /** Exactly this, with no charset: node plex-api compares the header with {@code ===}. */
    public static final String JSON = "application/json";
    /** What PMS sends for XML. */
    public static final String XML = "text/xml;charset=utf-8";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private PlexRenderer() {
    }

    /**
     * Whether a request wants JSON: only when its {@code Accept} header names {@code application/json}. Every other
     * value, {@code *}{@code /*} and a missing header included, gets XML, the Plex default. The non-standard
     * {@code accepts} header plexjs may add is deliberately not consulted.
     */
    public static boolean wantsJson(String acceptHeader) {
        return acceptHeader != null && acceptHeader.toLowerCase(java.util.Locale.ROOT).contains("application/json");
    }

    public static String contentType(boolean json) {
        return json ? JSON : XML;
    }

    public static void write(PlexElement root, boolean json, OutputStream out) throws IOException {
        if (root instanceof MediaContainer container) {
            container.fillSize();
        }
        if (json) {
            try (JsonGenerator gen = JSON_FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                gen.writeStartObject();
                gen.writeFieldName(root.jsonKey());
                writeJsonObject(root, gen);
                gen.writeEndObject();
            }
        } else {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 8192);
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            writeXml(root, w);
            w.write('\n');
            w.flush();
        }
    }

    public static void write(PlexError error, boolean json, OutputStream out) throws IOException {
        if (json) {
            try (JsonGenerator gen = JSON_FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                gen.writeStartObject();
                gen.writeArrayFieldStart("errors");
                gen.writeStartObject();
                gen.writeNumberField("code", error.status());
                gen.writeNumberField("status", error.status());
                gen.writeStringField("message", error.message());
                gen.writeEndObject();
                gen.writeEndArray();
                gen.writeEndObject();
            }
        } else {
            PlexElement response = PlexElement.of("Response")
                    .attr("code", error.status())
                    .attr("status", error.reason())
                    .attr("message", error.message());
            write(response, false, out);
        }
    }

    /** Renders to a string; for tests and small bodies. */
    public static String toString(PlexElement root, boolean json) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            write(root, json, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeJsonObject(PlexElement element, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        for (Map.Entry<String, Object> a : element.attributes().entrySet()) {
            Object v = a.getValue();
            if (v instanceof Boolean b) {
                gen.writeBooleanField(a.getKey(), b);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                gen.writeNumberField(a.getKey(), ((Number) v).longValue());
            } else if (v instanceof Number n) {
                gen.writeNumberField(a.getKey(), n.doubleValue());
            } else {
                gen.writeStringField(a.getKey(), (String) v);
            }
        }
        Map<String, List<PlexElement>> groups = new LinkedHashMap<>();
        for (PlexElement child : element.children()) {
            groups.computeIfAbsent(child.jsonKey(), k -> new ArrayList<>()).add(child);
        }
        for (Map.Entry<String, List<PlexElement>> g : groups.entrySet()) {
            gen.writeFieldName(g.getKey());
            List<PlexElement> members = g.getValue();
            if (members.get(0).jsonSingleton()) {
                // A singleton written twice would silently lose data in clients; the model must not do that.
                if (members.size() > 1) {
                    throw new IllegalStateException(g.getKey() + " is a JSON singleton but appears "
                            + members.size() + " times");
                }
                writeJsonObject(members.get(0), gen);
            } else {
                gen.writeStartArray();
                for (PlexElement m : members) {
                    writeJsonObject(m, gen);
                }
                gen.writeEndArray();
            }
        }
        gen.writeEndObject();
    }

    private static void writeXml(PlexElement element, Writer w) throws IOException {
        w.write('<');
        w.write(element.tag());
        for (Map.Entry<String, Object> a : element.attributes().entrySet()) {
            w.write(' ');
            w.write(a.getKey());
            w.write("=\"");
            Object v = a.getValue();
            if (v instanceof Boolean b) {
                w.write(b ? '1' : '0');
            } else {
                escapeXml(String.valueOf(v), w);
            }
            w.write('"');
        }
        if (element.children().isEmpty()) {
            w.write("/>");
            return;
        }
        w.write('>');
        for (PlexElement child : element.children()) {
            writeXml(child, w);
        }
        w.write("</");
        w.write(element.tag());
        w.write('>');
    }

    private static void escapeXml(String s, Writer w) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> w.write("&amp;");
                case '<' -> w.write("&lt;");
                case '>' -> w.write("&gt;");
                case '"' -> w.write("&quot;");
                case '\n' -> w.write("&#10;");
                case '\r' -> w.write("&#13;");
                case '\t' -> w.write("&#9;");
                default -> {
                    // XML 1.0 forbids most control characters even escaped; a tag from a broken file must not
                    // make the whole response unparseable for python-plexapi.
                    if (c < 0x20) {
                        w.write('\uFFFD');
                    } else {
                        w.write(c);
                    }
                }
            }
        }
    }
}
