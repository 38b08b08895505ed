package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML in and out. */
public final class Yaml {
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    public static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {}

    public static List<JsonNode> readAll(String text, String what) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    out.add(n);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(what + ": not valid YAML: " + e.getMessage(), e);
        }
        return out;
    }

    /** One YAML document (a top-level list stays a list; readAll would iterate it). */
    public static JsonNode readTree(String text, String what) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(what + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    public static List<JsonNode> readAll(Path file, String what) {
        try {
            return readAll(Files.readString(file), what);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot read", e);
        }
    }

    public static JsonNode readOne(Path file, String what) {
        List<JsonNode> all = readAll(file, what);
        if (all.size() != 1) {
            throw new IllegalStateException(what + ": expected one YAML document, found " + all.size());
        }
        return all.get(0);
    }
}
