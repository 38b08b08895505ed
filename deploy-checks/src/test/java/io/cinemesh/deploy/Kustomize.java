package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of kustomize that k8s/ and istio/ use, in Java, so the checks never depend on a kubectl binary:
 * {@code resources} (files and directories), {@code components}, and {@code patches} holding JSON 6902
 * operations (add, replace, remove, test) with a {@code target} (kind, name, namespace, group, version as
 * anchored regular expressions, labelSelector). Anything else is an error, never ignored: a kustomization that
 * uses more of kustomize must extend this class. It is stricter than kustomize in one way: a patch whose target
 * matches no document is an error.
 */
public final class Kustomize {
    private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "resources", "components", "patches");
    private static final Set<String> PATCH_KEYS = Set.of("path", "patch", "target");
    private static final Set<String> TARGET_KEYS = Set.of("group", "version", "kind", "name", "namespace", "labelSelector");

    private final Path repoRoot;

    public Kustomize(Path repoRoot) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
    }

    /** Renders the kustomization in {@code dir}. */
    public List<Doc> render(Path dir) {
        return render(dir.toAbsolutePath().normalize(), "Kustomization", new ArrayList<>());
    }

    private String rel(Path p) {
        Path n = p.toAbsolutePath().normalize();
        return n.startsWith(repoRoot) ? repoRoot.relativize(n).toString() : n.toString();
    }

    private static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private List<Doc> render(Path dir, String expectedKind, List<Doc> into) {
        Path file = kustomizationFile(dir);
        if (file == null) {
            throw new IllegalStateException(rel(dir) + ": no kustomization.yaml");
        }
        String where = rel(file);
        JsonNode k = Yaml.readOne(file, where);
        String kind = k.path("kind").asText("Kustomization");
        if (!kind.equals(expectedKind)) {
            throw new IllegalStateException(where + ": is a " + kind + ", expected a " + expectedKind);
        }
        String expectedApi = kind.equals("Component") ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
        if (!expectedApi.equals(k.path("apiVersion").asText())) {
            throw new IllegalStateException(where + ": apiVersion must be " + expectedApi);
        }
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KUSTOMIZATION_KEYS.contains(key)) {
                throw new IllegalStateException(where + ": field '" + key + "' is not implemented by the Java renderer"
                        + " (Kustomize.java implements " + KUSTOMIZATION_KEYS + ")");
            }
        }
        // A Kustomization starts with its own resource list; a Component adds to its parent's.
        List<Doc> docs = kind.equals("Component") ? into : new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            String entry = r.asText();
            if (entry.contains("://") || entry.startsWith("github.com/")) {
                throw new IllegalStateException(where + ": remote resource '" + entry + "' is not allowed");
            }
            Path p = dir.resolve(entry).normalize();
            if (Files.isDirectory(p)) {
                for (Doc d : render(p, "Kustomization", null)) {
                    add(docs, d, where);
                }
            } else if (Files.isRegularFile(p)) {
                for (JsonNode n : Yaml.readAll(p, rel(p))) {
                    if (!n.isObject()) {
                        throw new IllegalStateException(rel(p) + ": a document is not a mapping");
                    }
                    add(docs, new Doc((ObjectNode) n, rel(p)), where);
                }
            } else {
                throw new IllegalStateException(where + ": resource '" + entry + "' does not exist");
            }
        }
        for (JsonNode c : k.path("components")) {
            Path p = dir.resolve(c.asText()).normalize();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(where + ": component '" + c.asText() + "' is not a directory");
            }
            render(p, "Component", docs);
        }
        int i = 0;
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, where + " patches[" + i++ + "]", patch, docs);
        }
        return docs;
    }

    private static void add(List<Doc> docs, Doc d, String where) {
        if (d.kind().isEmpty() || d.name().isEmpty()) {
            throw new IllegalStateException(d.source() + ": a document has no kind or metadata.name");
        }
        for (Doc o : docs) {
            if (o.id().equals(d.id())) {
                throw new IllegalStateException(where + ": " + d.where() + " is defined twice (also in " + o.source() + ")");
            }
        }
        docs.add(d);
    }

    private void applyPatch(Path dir, String where, JsonNode p, List<Doc> docs) {
        for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!PATCH_KEYS.contains(key)) {
                throw new IllegalStateException(where + ": patch field '" + key + "' is not implemented by the Java renderer");
            }
        }
        String text;
        String source;
        if (p.has("path") == p.has("patch")) {
            throw new IllegalStateException(where + ": a patch needs exactly one of 'path' and 'patch'");
        }
        if (p.has("path")) {
            Path f = dir.resolve(p.get("path").asText()).normalize();
            try {
                text = Files.readString(f);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(where + ": cannot read " + rel(f), e);
            }
            source = rel(f);
        } else {
            text = p.get("patch").asText();
            source = where;
        }
        JsonNode parsed = Yaml.readTree(text, source);
        if (!parsed.isArray()) {
            throw new IllegalStateException(source + ": only JSON 6902 patches (a list of operations) are implemented;"
                    + " strategic-merge patches are not");
        }
        JsonNode target = p.get("target");
        if (target == null || !target.isObject()) {
            throw new IllegalStateException(where + ": a JSON 6902 patch needs a target");
        }
        for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TARGET_KEYS.contains(key)) {
                throw new IllegalStateException(where + ": target field '" + key + "' is not implemented");
            }
        }
        int matched = 0;
        for (Doc d : docs) {
            if (matches(target, d)) {
                matched++;
                ArrayNode ops = (ArrayNode) parsed;
                for (JsonNode op : ops) {
                    try {
                        JsonPatch.apply(d.node(), op);
                    } catch (IllegalStateException e) {
                        throw new IllegalStateException(source + " on " + d.where() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        if (matched == 0) {
            throw new IllegalStateException(where + ": target " + target + " matches no document");
        }
    }

    static boolean matches(JsonNode target, Doc d) {
        String version = d.apiVersion().contains("/") ? d.apiVersion().substring(d.apiVersion().indexOf('/') + 1) : d.apiVersion();
        return regex(target, "kind", d.kind())
                && regex(target, "name", d.name())
                && regex(target, "namespace", d.namespace())
                && regex(target, "group", d.group())
                && regex(target, "version", version)
                && (!target.has("labelSelector")
                    || LabelSelector.parse(target.get("labelSelector").asText()).matches(labels(d.node().path("metadata").path("labels"))));
    }

    private static boolean regex(JsonNode target, String field, String value) {
        return !target.has(field) || Pattern.compile("^(?:" + target.get(field).asText() + ")$").matcher(value).matches();
    }

    static Map<String, String> labels(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** Kubernetes label selector strings: k=v, k==v, k!=v, k in (a,b), k notin (a,b), k, !k. */
    record LabelSelector(List<Predicate> terms) {
        interface Predicate { boolean test(Map<String, String> labels); }

        private static final Pattern SET = Pattern.compile("\\s*([\\w./-]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*");
        private static final Pattern EQ = Pattern.compile("\\s*([\\w./-]+)\\s*(==|=|!=)\\s*([\\w./-]*)\\s*");
        private static final Pattern EXISTS = Pattern.compile("\\s*(!?)([\\w./-]+)\\s*");

        static LabelSelector parse(String s) {
            List<Predicate> terms = new ArrayList<>();
            int depth = 0;
            int start = 0;
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '(') depth++;
                if (c == ')') depth--;
                if (c == ',' && depth == 0) {
                    parts.add(s.substring(start, i));
                    start = i + 1;
                }
            }
            parts.add(s.substring(start));
            for (String part : parts) {
                Matcher m;
                if ((m = SET.matcher(part)).matches()) {
                    String key = m.group(1);
                    boolean in = m.group(2).equals("in");
                    List<String> values = new ArrayList<>();
                    for (String v : m.group(3).split(",")) values.add(v.trim());
                    terms.add(l -> in == (l.containsKey(key) && values.contains(l.get(key))));
                } else if ((m = EQ.matcher(part)).matches()) {
                    String key = m.group(1);
                    boolean neg = m.group(2).equals("!=");
                    String value = m.group(3);
                    terms.add(l -> neg != value.equals(l.get(key)));
                } else if ((m = EXISTS.matcher(part)).matches()) {
                    String key = m.group(2);
                    boolean neg = !m.group(1).isEmpty();
                    terms.add(l -> neg != l.containsKey(key));
                } else {
                    throw new IllegalStateException("cannot parse label selector '" + s + "'");
                }
            }
            return new LabelSelector(terms);
        }

        boolean matches(Map<String, String> labels) {
            return terms.stream().allMatch(t -> t.test(labels));
        }
    }
}
