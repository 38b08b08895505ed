package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Deployment's configuration names must exist on a cluster: every in-cluster host and port it is given is a
 * Service the manifests define or one an operator is known to create from them (Strimzi's
 * {@code <cluster>-kafka-bootstrap}, CloudNativePG's {@code <cluster>-rw/-ro/-r}), and every ConfigMap and Secret key
 * it references exists, in the rendering or among the Secrets docs/operations.md has the operator create. A wrong
 * name here passes every schema and fails only on the cluster, where no service reaches Kafka.
 */
public final class Endpoints {
    private static final Pattern URL = Pattern.compile("^(https?)://([^/:]+)(?::(\\d+))?(/.*)?$");
    private static final Pattern HOST_PORT = Pattern.compile("^([a-z0-9.-]+):(\\d+)$");
    private static final Pattern CREATE_SECRET = Pattern.compile("create secret (generic|tls) (\\S+)");
    private static final Pattern LITERAL = Pattern.compile("--from-literal=([A-Za-z0-9._-]+)=");
    private static final Pattern LOOP = Pattern.compile("for (\\w+) in ([^;]+);");

    private Endpoints() {}

    /** Problems with what the Deployments of {@code k8s} name; {@code operations} is docs/operations.md. */
    public static List<String> check(List<Doc> k8s, String operations) {
        Map<String, Set<Integer>> services = services(k8s);
        Map<String, Set<String>> secrets = documentedSecrets(operations);
        for (Doc s : Semantics.ofKind(k8s, "Secret")) {
            secrets.put(s.namespace() + "/" + s.name(), keys(s.node(), "data", "stringData"));
        }
        Map<String, Set<String>> configMaps = new HashMap<>();
        Map<String, Doc> configMapDocs = new HashMap<>();
        for (Doc c : Semantics.ofKind(k8s, "ConfigMap")) {
            configMaps.put(c.namespace() + "/" + c.name(), keys(c.node(), "data", "binaryData"));
            configMapDocs.put(c.namespace() + "/" + c.name(), c);
        }
        List<String> out = new ArrayList<>();
        for (Doc d : Semantics.ofKind(k8s, "Deployment")) {
            String ns = d.namespace();
            for (JsonNode c : d.spec().path("template").path("spec").path("containers")) {
                // Where each variable comes from, so a problem names the file that sets it.
                Map<String, String[]> env = new LinkedHashMap<>();
                for (JsonNode from : c.path("envFrom")) {
                    String cm = from.path("configMapRef").path("name").asText("");
                    if (!cm.isEmpty()) {
                        Doc source = configMapDocs.get(ns + "/" + cm);
                        if (source == null) {
                            if (!from.path("configMapRef").path("optional").asBoolean(false)) {
                                out.add(d.where() + ": envFrom ConfigMap " + cm + " is not in the manifests");
                            }
                            continue;
                        }
                        source.node().path("data").fields().forEachRemaining(e -> env.put(e.getKey(),
                                new String[] {e.getValue().asText(), source.where()}));
                    }
                    String secret = from.path("secretRef").path("name").asText("");
                    if (!secret.isEmpty() && !secrets.containsKey(ns + "/" + secret)
                            && !from.path("secretRef").path("optional").asBoolean(false)) {
                        out.add(d.where() + ": envFrom Secret " + secret + " is neither in the manifests nor "
                                + "created in docs/operations.md");
                    }
                }
                for (JsonNode e : c.path("env")) {
                    if (e.has("value")) {
                        env.put(e.path("name").asText(), new String[] {e.path("value").asText(), d.where()});
                    }
                    keyRef(out, d, e, "secretKeyRef", "Secret", secrets);
                    keyRef(out, d, e, "configMapKeyRef", "ConfigMap", configMaps);
                }
                env.forEach((name, v) -> {
                    for (String[] hostPort : hostsIn(name, v[0], env)) {
                        String problem = reach(hostPort[0], hostPort[1], ns, services);
                        if (problem != null) {
                            out.add(v[1] + ": " + name + " (for " + d.name() + ") " + problem);
                        }
                    }
                });
            }
        }
        return out;
    }

    private static void keyRef(List<String> out, Doc d, JsonNode env, String ref, String kind,
            Map<String, Set<String>> known) {
        JsonNode r = env.path("valueFrom").path(ref);
        if (r.isMissingNode() || r.path("optional").asBoolean(false)) {
            return;
        }
        String name = r.path("name").asText();
        Set<String> keys = known.get(d.namespace() + "/" + name);
        String what = d.where() + ": " + env.path("name").asText() + " reads key '" + r.path("key").asText()
                + "' of " + kind + " " + name;
        if (keys == null) {
            out.add(what + ", which is neither in the manifests nor created in docs/operations.md");
        } else if (!keys.contains(r.path("key").asText())) {
            out.add(what + ", which has no such key (it has " + keys + ")");
        }
    }

    /** The in-cluster [host, port] pairs a variable names: URLs, host:port lists, and X_HOST with X_PORT. */
    static List<String[]> hostsIn(String name, String value, Map<String, String[]> env) {
        List<String[]> out = new ArrayList<>();
        Matcher url = URL.matcher(value.trim());
        if (url.matches()) {
            out.add(new String[] {url.group(2), url.group(3) != null ? url.group(3)
                    : url.group(1).equals("https") ? "443" : "80"});
        } else if (name.endsWith("_HOST")) {
            String[] port = env.get(name.substring(0, name.length() - "_HOST".length()) + "_PORT");
            out.add(new String[] {value.trim(), port == null ? null : port[0]});
        } else {
            for (String part : value.split(",")) {
                Matcher hp = HOST_PORT.matcher(part.trim());
                if (hp.matches()) {
                    out.add(new String[] {hp.group(1), hp.group(2)});
                }
            }
        }
        // Only cluster DNS names are the manifests' business; an address outside the cluster is the operator's.
        return out.stream().filter(h -> h[0].contains(".svc")).toList();
    }

    /** Null when {@code host:port} is a Service with that port, else why not. */
    static String reach(String host, String port, String ns, Map<String, Set<Integer>> services) {
        String[] nameNs = Semantics.host(host, ns);
        if (nameNs == null && host.endsWith(".svc")) {
            nameNs = Semantics.host(host + ".cluster.local", ns);
        }
        if (nameNs == null) {
            return "names " + host + ", which is no cluster Service name";
        }
        Set<Integer> ports = services.get(nameNs[1] + "/" + nameNs[0]);
        if (ports == null) {
            return "names " + host + ", but no Service " + nameNs[1] + "/" + nameNs[0]
                    + " is defined in the manifests or created by an operator from them";
        }
        if (port != null && !ports.contains(Integer.parseInt(port))) {
            return "names port " + port + " of Service " + nameNs[1] + "/" + nameNs[0] + ", which has " + ports;
        }
        return null;
    }

    /** Services by namespace/name with their ports: the manifests' own and those operators make from them. */
    static Map<String, Set<Integer>> services(List<Doc> k8s) {
        Map<String, Set<Integer>> out = new HashMap<>();
        for (Doc s : Semantics.ofKind(k8s, "Service")) {
            Set<Integer> ports = new TreeSet<>();
            s.spec().path("ports").forEach(p -> ports.add(p.path("port").asInt()));
            out.put(s.namespace() + "/" + s.name(), ports);
        }
        for (Doc k : Semantics.ofKind(k8s, "Kafka")) {
            if (!k.group().equals("kafka.strimzi.io")) {
                continue;
            }
            // Strimzi: the bootstrap Service of cluster <c> is <c>-kafka-bootstrap, on every internal listener.
            Set<Integer> ports = new TreeSet<>();
            k.spec().path("kafka").path("listeners").forEach(l -> {
                if (l.path("type").asText().equals("internal")) {
                    ports.add(l.path("port").asInt());
                }
            });
            out.put(k.namespace() + "/" + k.name() + "-kafka-bootstrap", ports);
        }
        for (Doc c : Semantics.ofKind(k8s, "Cluster")) {
            if (c.group().equals("postgresql.cnpg.io")) {
                for (String suffix : List.of("-rw", "-ro", "-r")) {
                    out.put(c.namespace() + "/" + c.name() + suffix, Set.of(5432));
                }
            }
        }
        return out;
    }

    /**
     * The Secrets docs/operations.md has the operator create (they are never in git), namespace/name to keys:
     * {@code kubectl -n <ns> create secret generic <name> --from-literal=<key>=…}, with a surrounding
     * {@code for x in a b c; do} loop expanded.
     */
    static Map<String, Set<String>> documentedSecrets(String operations) {
        Map<String, Set<String>> out = new HashMap<>();
        Map<String, List<String>> loops = new HashMap<>();
        String[] lines = operations.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher loop = LOOP.matcher(lines[i]);
            if (loop.find()) {
                loops.put(loop.group(1), List.of(loop.group(2).trim().split("\\s+")));
            }
            Matcher create = CREATE_SECRET.matcher(lines[i]);
            if (!create.find()) {
                continue;
            }
            Set<String> keys = new TreeSet<>(create.group(1).equals("tls") ? Set.of("tls.crt", "tls.key") : Set.of());
            StringBuilder command = new StringBuilder(lines[i]);
            for (int j = i; lines[j].trim().endsWith("\\") && j + 1 < lines.length; j++) {
                command.append(' ').append(lines[j + 1]);
            }
            Matcher literal = LITERAL.matcher(command);
            while (literal.find()) {
                keys.add(literal.group(1));
            }
            Matcher nsFlag = Pattern.compile("-n (\\S+)").matcher(lines[i]);
            List<String> namespaces = nsFlag.find() ? expand(nsFlag.group(1), loops) : List.of("default");
            for (String ns : namespaces) {
                for (String name : expand(create.group(2), loops)) {
                    out.computeIfAbsent(ns + "/" + name, n -> new TreeSet<>()).addAll(keys);
                }
            }
        }
        return out;
    }

    private static List<String> expand(String word, Map<String, List<String>> loops) {
        for (var loop : loops.entrySet()) {
            String var = "$" + loop.getKey();
            if (word.contains(var)) {
                return loop.getValue().stream().map(v -> word.replace(var, v)).toList();
            }
        }
        return List.of(word);
    }

    private static Set<String> keys(JsonNode doc, String... fields) {
        Set<String> out = new TreeSet<>();
        for (String f : fields) {
            doc.path(f).fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    static String operationsDoc() {
        try {
            return Files.readString(Repo.root().resolve("docs/operations.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
