package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what the Quarkus Kubernetes extension generates for a service ({@code <service>/target/kubernetes/
 * kubernetes.yml}, from the {@code quarkus.kubernetes.*} block of its application.properties) with the hand-written
 * base ({@code k8s/base}, rendered): the facts both describe must agree. The generated Deployment is one colour
 * (its {@code version} label); it is compared with every colour's Deployment, and its colour-specific env values
 * only with that colour's.
 */
final class GeneratedManifests {
    /** Kubernetes' defaults for a probe field the manifest leaves out. */
    private static final Map<String, Integer> PROBE_DEFAULTS = Map.of(
            "initialDelaySeconds", 0, "periodSeconds", 10, "timeoutSeconds", 1, "successThreshold", 1, "failureThreshold", 3);
    private static final List<String> PROBES = List.of("startupProbe", "readinessProbe", "livenessProbe");

    /** The extension always adds this one (the pod's namespace, from the downward API); the services do not read it. */
    static final String EXTENSION_ENV = "KUBERNETES_NAMESPACE";

    private GeneratedManifests() {}

    static Path file(Path root, String service) {
        return root.resolve(service).resolve("target/kubernetes/kubernetes.yml");
    }

    /** The generated documents; {@code source} names the file in failure messages. */
    static List<Doc> read(Path file, String source) {
        List<Doc> out = new ArrayList<>();
        for (JsonNode n : Yaml.readAll(file, source)) {
            out.add(new Doc((com.fasterxml.jackson.databind.node.ObjectNode) n, source));
        }
        return out;
    }

    /** Every disagreement between the generated documents of {@code service} and the rendered hand-written base. */
    static List<String> compare(String service, List<Doc> generated, List<Doc> base) {
        List<String> problems = new ArrayList<>();
        List<Doc> genDeps = generated.stream().filter(d -> d.kind().equals("Deployment")).toList();
        if (genDeps.size() != 1) {
            problems.add(service + ": expected one generated Deployment, found " + genDeps.size());
            return problems;
        }
        Doc gen = genDeps.get(0);
        List<Doc> hand = base.stream()
                .filter(d -> d.kind().equals("Deployment"))
                .filter(d -> service.equals(d.spec().path("template").path("metadata").path("labels").path("app").asText()))
                .toList();
        if (hand.isEmpty()) {
            problems.add(gen.where() + ": no hand-written Deployment labelled app=" + service + " in k8s/base");
            return problems;
        }
        String genColour = podLabels(gen).get("version");
        if (genColour == null) {
            problems.add(gen.where() + ": pod template has no version label");
        } else if (hand.stream().noneMatch(h -> genColour.equals(podLabels(h).get("version")))) {
            problems.add(gen.where() + ": version=" + genColour + " is none of the hand-written colours");
        }
        for (Doc h : hand) {
            compareDeployment(gen, h, Objects.equals(genColour, podLabels(h).get("version")), problems);
        }
        compareServices(service, gen, generated, base, problems);
        return problems;
    }

    private static void compareDeployment(Doc gen, Doc hand, boolean sameColour, List<String> problems) {
        String where = gen.where() + " vs " + hand.where() + ": ";
        if (!gen.namespace().equals(hand.namespace())) {
            problems.add(where + "namespace " + q(gen.namespace()) + " != " + q(hand.namespace()));
        }
        for (String label : List.of("app", "app.kubernetes.io/part-of")) {
            eq(problems, where + "pod label " + label, podLabels(gen).get(label), podLabels(hand).get(label));
            eq(problems, where + "label " + label, metaLabels(gen).get(label),
                    metaLabels(hand).get(label));
        }
        if (sameColour) {
            eq(problems, where + "label version", metaLabels(gen).get("version"),
                    metaLabels(hand).get("version"));
        }
        JsonNode gPod = gen.spec().path("template").path("spec");
        JsonNode hPod = hand.spec().path("template").path("spec");
        eq(problems, where + "serviceAccountName", text(gPod.path("serviceAccountName")), text(hPod.path("serviceAccountName")));
        for (String f : List.of("runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup")) {
            eq(problems, where + "pod securityContext." + f, text(gPod.path("securityContext").path(f)),
                    text(hPod.path("securityContext").path(f)));
        }
        String name = hand.name().replaceFirst("-(blue|green)$", "");
        JsonNode gc = container(gPod, name);
        JsonNode hc = container(hPod, name);
        if (gc == null || hc == null) {
            problems.add(where + "no container named " + name + (gc == null ? " (generated)" : " (hand-written)"));
            return;
        }
        eq(problems, where + "container ports (name=number)", ports(gc), ports(hc));
        for (String p : PROBES) {
            JsonNode gp = gc.path(p);
            JsonNode hp = hc.path(p);
            if (gp.isMissingNode() || hp.isMissingNode()) {
                if (gp.isMissingNode() != hp.isMissingNode()) {
                    problems.add(where + p + (gp.isMissingNode() ? " missing in the generated one" : " missing in the hand-written one"));
                }
                continue;
            }
            eq(problems, where + p + " path", text(gp.path("httpGet").path("path")), text(hp.path("httpGet").path("path")));
            eq(problems, where + p + " port", port(gc, gp.path("httpGet").path("port")), port(hc, hp.path("httpGet").path("port")));
            PROBE_DEFAULTS.forEach((f, dflt) -> eq(problems, where + p + " " + f,
                    String.valueOf(gp.path(f).asInt(dflt)), String.valueOf(hp.path(f).asInt(dflt))));
        }
        for (String kind : List.of("requests", "limits")) {
            for (String r : List.of("cpu", "memory")) {
                JsonNode g = gc.path("resources").path(kind).path(r);
                JsonNode h = hc.path("resources").path(kind).path(r);
                if (!Objects.equals(quantity(g), quantity(h))) {
                    problems.add(where + "resources." + kind + "." + r + " " + text(g) + " != " + text(h));
                }
            }
        }
        Map<String, String> gEnv = env(gc, sameColour);
        Map<String, String> hEnv = env(hc, sameColour);
        if (!gEnv.keySet().equals(hEnv.keySet())) {
            TreeSet<String> onlyGen = new TreeSet<>(gEnv.keySet());
            onlyGen.removeAll(hEnv.keySet());
            TreeSet<String> onlyHand = new TreeSet<>(hEnv.keySet());
            onlyHand.removeAll(gEnv.keySet());
            problems.add(where + "env names differ: only generated " + onlyGen + ", only hand-written " + onlyHand);
        }
        gEnv.forEach((k, v) -> {
            if (hEnv.containsKey(k) && !Objects.equals(v, hEnv.get(k))) {
                problems.add(where + "env " + k + " " + v + " != " + hEnv.get(k));
            }
        });
        eq(problems, where + "envFrom", envFrom(gc), envFrom(hc));
    }

    private static void compareServices(String service, Doc gen, List<Doc> generated, List<Doc> base, List<String> problems) {
        Doc gs = generated.stream().filter(d -> d.kind().equals("Service") && d.name().equals(service)).findFirst().orElse(null);
        Doc hs = base.stream().filter(d -> d.kind().equals("Service") && d.name().equals(service)).findFirst().orElse(null);
        if (gs == null || hs == null) {
            problems.add(service + ": Service " + service + (gs == null ? " not generated" : " not in k8s/base"));
        } else {
            JsonNode gc = container(gen.spec().path("template").path("spec"), service);
            Doc hd = base.stream().filter(d -> d.kind().equals("Deployment") && d.name().startsWith(service + "-")).findFirst().orElseThrow();
            JsonNode hc = container(hd.spec().path("template").path("spec"), service);
            eq(problems, gs.where() + " vs " + hs.where() + ": ports (name port->targetPort)",
                    servicePorts(gs, gc), servicePorts(hs, hc));
        }
        String sa = text(gen.spec().path("template").path("spec").path("serviceAccountName"));
        boolean handSa = base.stream().anyMatch(d -> d.kind().equals("ServiceAccount") && d.name().equals(sa));
        if (!handSa) {
            problems.add(gen.where() + ": serviceAccountName " + q(sa) + " is no ServiceAccount in k8s/base");
        }
        if (generated.stream().noneMatch(d -> d.kind().equals("ServiceAccount") && d.name().equals(sa))) {
            problems.add(gen.where() + ": ServiceAccount " + q(sa) + " not generated");
        }
        generated.stream().filter(d -> d.kind().equals("ServiceAccount") && !d.name().equals(sa))
                .forEach(d -> problems.add(d.where() + ": generated ServiceAccount the Deployment does not use"));
    }

    private static Map<String, String> podLabels(Doc d) {
        return Kustomize.labels(d.spec().path("template").path("metadata").path("labels"));
    }

    private static Map<String, String> metaLabels(Doc d) {
        return Kustomize.labels(d.node().path("metadata").path("labels"));
    }

    private static JsonNode container(JsonNode podSpec, String name) {
        for (JsonNode c : podSpec.path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }

    private static String ports(JsonNode c) {
        TreeSet<String> out = new TreeSet<>();
        c.path("ports").forEach(p -> out.add(p.path("name").asText("?") + "=" + p.path("containerPort").asText()
                + "/" + p.path("protocol").asText("TCP")));
        return out.toString();
    }

    /** A probe's or Service's port as a number: a name is looked up among the container's ports. */
    private static String port(JsonNode container, JsonNode port) {
        if (port.isMissingNode() || port.isNull()) {
            return "(none)";
        }
        if (port.isInt() || port.asText().matches("\\d+")) {
            return port.asText();
        }
        if (container != null) {
            for (JsonNode p : container.path("ports")) {
                if (port.asText().equals(p.path("name").asText())) {
                    return p.path("containerPort").asText();
                }
            }
        }
        return "unknown port " + q(port.asText());
    }

    private static String servicePorts(Doc s, JsonNode container) {
        TreeSet<String> out = new TreeSet<>();
        s.spec().path("ports").forEach(p -> out.add(p.path("name").asText("?") + " " + p.path("port").asText()
                + "->" + port(container, p.path("targetPort").isMissingNode() ? p.path("port") : p.path("targetPort"))));
        return out.toString();
    }

    /** Env var name to what it holds: a literal value (colour-specific ones only within one colour) or its key ref. */
    private static Map<String, String> env(JsonNode c, boolean withColourValues) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode e : c.path("env")) {
            String name = e.path("name").asText();
            JsonNode from = e.path("valueFrom");
            if (EXTENSION_ENV.equals(name) && from.path("fieldRef").path("fieldPath").asText().equals("metadata.namespace")) {
                continue;
            }
            String v;
            if (from.has("secretKeyRef")) {
                v = "secret " + from.path("secretKeyRef").path("name").asText() + "/" + from.path("secretKeyRef").path("key").asText();
            } else if (from.has("configMapKeyRef")) {
                v = "configmap " + from.path("configMapKeyRef").path("name").asText() + "/" + from.path("configMapKeyRef").path("key").asText();
            } else if (!from.isMissingNode()) {
                v = from.toString();
            } else {
                v = withColourValues || !e.path("value").asText().matches(".*\\b(blue|green)\\b.*")
                        ? q(e.path("value").asText()) : "(colour-specific)";
            }
            out.put(name, v);
        }
        return out;
    }

    private static String envFrom(JsonNode c) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode e : c.path("envFrom")) {
            if (e.has("configMapRef")) {
                out.add("configmap " + e.path("configMapRef").path("name").asText());
            }
            if (e.has("secretRef")) {
                out.add("secret " + e.path("secretRef").path("name").asText());
            }
        }
        return out.toString();
    }

    /** A resource quantity as a plain number ("1" == 1 == "1000m", "512Mi" == 536870912), or null if absent. */
    static BigDecimal quantity(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        String s = n.asText().trim();
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"m", "0.001"}, {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
        for (String[] sf : suffixes) {
            if (s.endsWith(sf[0])) {
                return new BigDecimal(s.substring(0, s.length() - sf[0].length())).multiply(new BigDecimal(sf[1])).stripTrailingZeros();
            }
        }
        return new BigDecimal(s).stripTrailingZeros();
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static void eq(List<String> problems, String what, String generated, String hand) {
        if (!Objects.equals(generated, hand)) {
            problems.add(what + ": generated " + q(generated) + ", hand-written " + q(hand));
        }
    }

    private static String q(String s) {
        return s == null ? "(unset)" : "'" + s + "'";
    }
}
