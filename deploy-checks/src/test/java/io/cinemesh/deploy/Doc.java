package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One rendered Kubernetes document and the file it came from (relative to the repository root). */
public record Doc(ObjectNode node, String source) {

    public String apiVersion() { return node.path("apiVersion").asText(""); }

    public String kind() { return node.path("kind").asText(""); }

    public String name() { return node.path("metadata").path("name").asText(""); }

    public String namespace() { return node.path("metadata").path("namespace").asText(""); }

    public JsonNode spec() { return node.path("spec"); }

    public String group() {
        String v = apiVersion();
        return v.contains("/") ? v.substring(0, v.indexOf('/')) : "";
    }

    /** Identity as kustomize sees it: group, kind, namespace, name. */
    public String id() { return group() + "|" + kind() + "|" + namespace() + "|" + name(); }

    /** What a failure message calls this document: "file: Kind namespace/name". */
    public String where() {
        return source + ": " + kind() + " " + (namespace().isEmpty() ? "" : namespace() + "/") + name();
    }

    public Doc withSource(String newSource) { return new Doc(node, newSource); }

    public Doc deepCopy() { return new Doc(node.deepCopy(), source); }
}
