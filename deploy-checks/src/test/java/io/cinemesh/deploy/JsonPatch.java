package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 add, replace, remove and test on a Jackson tree (what the kustomizations use). */
public final class JsonPatch {
    private JsonPatch() {}

    public static void apply(JsonNode root, JsonNode op) {
        String kind = op.path("op").asText();
        String path = op.path("path").asText(null);
        if (path == null || !path.startsWith("/")) {
            throw new IllegalStateException("operation " + op + " has no valid path");
        }
        List<String> tokens = tokens(path);
        JsonNode parent = root;
        for (int i = 0; i < tokens.size() - 1; i++) {
            parent = child(parent, tokens.get(i));
            if (parent == null) {
                throw new IllegalStateException(kind + " " + path + ": '" + String.join("/", tokens.subList(0, i + 1)) + "' does not exist");
            }
        }
        String last = tokens.get(tokens.size() - 1);
        switch (kind) {
            case "add" -> {
                require(op, "value");
                if (parent instanceof ObjectNode o) {
                    o.set(last, op.get("value").deepCopy());
                } else if (parent instanceof ArrayNode a) {
                    int idx = last.equals("-") ? a.size() : index(a, last, true, path);
                    a.insert(idx, op.get("value").deepCopy());
                } else {
                    throw new IllegalStateException("add " + path + ": parent is not a container");
                }
            }
            case "replace" -> {
                require(op, "value");
                if (child(parent, last) == null) {
                    throw new IllegalStateException("replace " + path + ": nothing to replace");
                }
                if (parent instanceof ObjectNode o) {
                    o.set(last, op.get("value").deepCopy());
                } else {
                    ((ArrayNode) parent).set(index((ArrayNode) parent, last, false, path), op.get("value").deepCopy());
                }
            }
            case "remove" -> {
                if (child(parent, last) == null) {
                    throw new IllegalStateException("remove " + path + ": nothing to remove");
                }
                if (parent instanceof ObjectNode o) {
                    o.remove(last);
                } else {
                    ((ArrayNode) parent).remove(index((ArrayNode) parent, last, false, path));
                }
            }
            case "test" -> {
                require(op, "value");
                if (!op.get("value").equals(child(parent, last))) {
                    throw new IllegalStateException("test " + path + ": value is " + child(parent, last) + ", not " + op.get("value"));
                }
            }
            default -> throw new IllegalStateException("operation '" + kind + "' is not implemented (add, replace, remove, test)");
        }
    }

    private static void require(JsonNode op, String field) {
        if (!op.has(field)) {
            throw new IllegalStateException(op.path("op").asText() + " " + op.path("path").asText() + ": no '" + field + "'");
        }
    }

    static List<String> tokens(String path) {
        List<String> out = new ArrayList<>();
        for (String t : path.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode child(JsonNode parent, String token) {
        if (parent instanceof ObjectNode o) {
            return o.get(token);
        }
        if (parent instanceof ArrayNode a) {
            try {
                int i = Integer.parseInt(token);
                return i >= 0 && i < a.size() ? a.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static int index(ArrayNode a, String token, boolean forInsert, String path) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > a.size() || (!forInsert && i == a.size())) {
                throw new IllegalStateException(path + ": index " + i + " out of bounds");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(path + ": '" + token + "' is not an array index");
        }
    }
}
