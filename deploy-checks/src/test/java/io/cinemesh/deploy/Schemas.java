package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Strict JSON schemas (draft-07) for every kind the manifests use, from src/test/resources/schemas: istio/ and
 * operators/ are copies of ../shared/schemas (made from the projects' CRDs), kubernetes/ are the project's own
 * for the core kinds. Each schema names its apiVersion and kind in enums; that is how a document finds its
 * schema. metadata.json is applied to every document's metadata. A document whose kind has no schema fails.
 */
public final class Schemas {
    private final Map<String, JsonSchema> byKind = new TreeMap<>();
    private final Map<String, String> fileByKind = new TreeMap<>();
    private final JsonSchema metadata;

    public Schemas(Path dir) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        JsonSchema meta = null;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode s = Yaml.JSON.readTree(f.toFile());
                if (f.getFileName().toString().equals("metadata.json")) {
                    meta = factory.getSchema(s);
                    continue;
                }
                JsonNode api = s.path("properties").path("apiVersion").path("enum");
                JsonNode kind = s.path("properties").path("kind").path("enum");
                if (api.size() != 1 || kind.size() != 1) {
                    throw new IllegalStateException(f + ": a schema must name exactly one apiVersion and kind in enums");
                }
                String key = api.get(0).asText() + " " + kind.get(0).asText();
                if (byKind.put(key, factory.getSchema(s)) != null) {
                    throw new IllegalStateException(f + ": a second schema for " + key);
                }
                fileByKind.put(key, dir.relativize(f).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (meta == null) {
            throw new IllegalStateException(dir + ": no metadata.json");
        }
        this.metadata = meta;
    }

    /** The schemas shipped with the tests. */
    public static Schemas bundled() {
        try {
            return new Schemas(Path.of(Schemas.class.getResource("/schemas").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> kinds() {
        return fileByKind;
    }

    /** Problems of one document, each naming the file, the document and the JSON path. */
    public List<String> validate(Doc d) {
        List<String> out = new ArrayList<>();
        String key = d.apiVersion() + " " + d.kind();
        JsonSchema s = byKind.get(key);
        if (s == null) {
            out.add(d.where() + ": no schema for " + key + " (add one under deploy-checks/src/test/resources/schemas/)");
            return out;
        }
        for (ValidationMessage m : s.validate(d.node())) {
            out.add(d.where() + ": " + m.getMessage() + "  [schema " + fileByKind.get(key) + "]");
        }
        for (ValidationMessage m : metadata.validate(d.node().path("metadata"))) {
            out.add(d.where() + ": metadata: " + m.getMessage() + "  [schema metadata.json]");
        }
        return out;
    }

    public List<String> validate(List<Doc> docs) {
        List<String> out = new ArrayList<>();
        docs.forEach(d -> out.addAll(validate(d)));
        return out;
    }
}
