package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic checks of issue 7 on one k8s rendering and one istio rendering. Each returns the problems it
 * finds, each naming the file, the document and what is wrong; an empty list means the check passed.
 */
public final class Semantics {
    public static final String NS = "cinemesh";
    public static final String INGRESS = "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account";
    public static final String PROMETHEUS = "cluster.local/ns/monitoring/sa/prometheus";
    /** The byte-heavy paths the ingress gateway may send straight to stream-service. */
    public static final Set<String> BYTE_PATHS = Set.of("/library/parts/*", "/video/:/transcode/*", "/audio/:/transcode/*",
            "/music/:/transcode/*", "/photo/:/transcode*");
    /** Measured: a service at rest is ~265 MB RSS; requests and limits must leave room above that. */
    static final long MIN_MEMORY_REQUEST = 320L << 20;
    static final long MIN_MEMORY_LIMIT = 400L << 20;
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "StorageClass");
    private static final Pattern PRINCIPAL = Pattern.compile("^[^/]+/ns/([^/]+)/sa/([^/]+)$");

    private Semantics() {}

    static List<Doc> ofKind(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    static Map<String, String> labels(JsonNode n) {
        return Kustomize.labels(n);
    }

    /** A host as Istio resolves it from a resource in namespace ns: [service name, service namespace]. */
    static String[] host(String host, String ns) {
        String[] p = host.split("\\.");
        if (p.length == 1) return new String[] {p[0], ns};
        if (host.endsWith(".svc.cluster.local") && p.length == 5) return new String[] {p[0], p[1]};
        if (p.length == 2) return new String[] {p[0], p[1]};
        return null;
    }

    static Optional<Doc> service(List<Doc> k8s, String[] nameNs) {
        return ofKind(k8s, "Service").stream()
                .filter(s -> s.name().equals(nameNs[0]) && s.namespace().equals(nameNs[1])).findFirst();
    }

    static List<Doc> podsOf(List<Doc> k8s, Map<String, String> selector, String ns) {
        return ofKind(k8s, "Deployment").stream().filter(d -> d.namespace().equals(ns))
                .filter(d -> labels(d.spec().path("template").path("metadata").path("labels")).entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    /** Every namespaced document names its namespace (the kustomizations set none). */
    public static List<String> namespaces(List<Doc> docs) {
        List<String> out = new ArrayList<>();
        for (Doc d : docs) {
            if (!CLUSTER_SCOPED.contains(d.kind()) && d.namespace().isEmpty()) {
                out.add(d.where() + ": namespaced kind without metadata.namespace");
            }
        }
        return out;
    }

    /** DestinationRule subsets select Deployments that exist, and every versioned Deployment is a subset. */
    public static List<String> subsetsMatchDeployments(List<Doc> k8s, List<Doc> istio) {
        List<String> out = new ArrayList<>();
        for (Doc dr : ofKind(istio, "DestinationRule")) {
            String[] h = host(dr.spec().path("host").asText(), dr.namespace());
            Optional<Doc> svc = h == null ? Optional.empty() : service(k8s, h);
            if (svc.isEmpty()) {
                out.add(dr.where() + ": host " + dr.spec().path("host").asText() + " is no Service in the k8s rendering");
                continue;
            }
            Map<String, String> selector = labels(svc.get().spec().path("selector"));
            Set<String> subsetVersions = new HashSet<>();
            for (JsonNode subset : dr.spec().path("subsets")) {
                Map<String, String> want = new HashMap<>(selector);
                want.putAll(labels(subset.path("labels")));
                subsetVersions.add(subset.path("labels").path("version").asText());
                if (podsOf(k8s, want, h[1]).isEmpty()) {
                    out.add(dr.where() + ": subset '" + subset.path("name").asText() + "' selects " + want
                            + " but no Deployment's pod template has those labels");
                }
            }
            for (Doc dep : podsOf(k8s, selector, h[1])) {
                String v = dep.spec().path("template").path("metadata").path("labels").path("version").asText("");
                if (!subsetVersions.contains(v)) {
                    out.add(dr.where() + ": " + dep.where() + " (version '" + v + "') is behind service "
                            + svc.get().name() + " but in no subset");
                }
            }
        }
        return out;
    }

    /** Weighted destinations of every route add up to 100. */
    public static List<String> weightsAddUp(List<Doc> istio) {
        List<String> out = new ArrayList<>();
        for (Doc vs : ofKind(istio, "VirtualService")) {
            for (String proto : List.of("http", "tcp", "tls")) {
                int i = 0;
                for (JsonNode route : vs.spec().path(proto)) {
                    JsonNode dests = route.path("route");
                    int sum = 0;
                    boolean weighted = dests.size() > 1;
                    for (JsonNode d : dests) {
                        if (d.has("weight")) weighted = true;
                        int w = d.path("weight").asInt(0);
                        if (w < 0) out.add(vs.where() + ": " + proto + "[" + i + "] has a negative weight");
                        sum += w;
                    }
                    if (weighted && sum != 100) {
                        out.add(vs.where() + ": " + proto + "[" + i + "] (" + route.path("name").asText("unnamed")
                                + ") weights add up to " + sum + ", not 100");
                    }
                    i++;
                }
            }
        }
        return out;
    }

    /** Every destination of a VirtualService is a Service with that port, a known subset, and bound gateways exist. */
    public static List<String> virtualServiceTargets(List<Doc> k8s, List<Doc> istio) {
        List<String> out = new ArrayList<>();
        for (Doc vs : ofKind(istio, "VirtualService")) {
            for (JsonNode g : vs.spec().path("gateways")) {
                String gw = g.asText();
                if (gw.equals("mesh")) continue;
                String gns = gw.contains("/") ? gw.substring(0, gw.indexOf('/')) : vs.namespace();
                String gname = gw.contains("/") ? gw.substring(gw.indexOf('/') + 1) : gw;
                if (ofKind(istio, "Gateway").stream().noneMatch(x -> x.name().equals(gname) && x.namespace().equals(gns))) {
                    out.add(vs.where() + ": gateway " + gw + " does not exist");
                }
            }
            for (String proto : List.of("http", "tcp", "tls")) {
                int i = 0;
                for (JsonNode route : vs.spec().path(proto)) {
                    for (JsonNode d : route.path("route")) {
                        JsonNode dest = d.path("destination");
                        String hostName = dest.path("host").asText();
                        String[] h = host(hostName, vs.namespace());
                        Optional<Doc> svc = h == null ? Optional.empty() : service(k8s, h);
                        String at = vs.where() + ": " + proto + "[" + i + "] destination " + hostName;
                        if (svc.isEmpty()) {
                            out.add(at + " is no Service in the k8s rendering");
                            continue;
                        }
                        JsonNode ports = svc.get().spec().path("ports");
                        if (dest.path("port").has("number")) {
                            int p = dest.path("port").path("number").asInt();
                            boolean found = false;
                            for (JsonNode sp : ports) found |= sp.path("port").asInt() == p;
                            if (!found) out.add(at + ": Service " + svc.get().where() + " has no port " + p);
                        } else if (ports.size() != 1) {
                            out.add(at + ": no port given and Service " + svc.get().name() + " has " + ports.size());
                        }
                        if (dest.has("subset")) {
                            String subset = dest.path("subset").asText();
                            boolean found = ofKind(istio, "DestinationRule").stream()
                                    .filter(dr -> Optional.ofNullable(host(dr.spec().path("host").asText(), dr.namespace()))
                                            .map(x -> x[0].equals(h[0]) && x[1].equals(h[1])).orElse(false))
                                    .anyMatch(dr -> {
                                        for (JsonNode s : dr.spec().path("subsets")) if (s.path("name").asText().equals(subset)) return true;
                                        return false;
                                    });
                            if (!found) out.add(at + ": subset '" + subset + "' is in no DestinationRule for that host");
                        }
                    }
                    i++;
                }
            }
        }
        return out;
    }

    /** Every Deployment has app/version labels, probes and resources; Cinemesh's services also the rest of issue 7. */
    public static List<String> deploymentsComplete(List<Doc> k8s) {
        List<String> out = new ArrayList<>();
        for (Doc d : ofKind(k8s, "Deployment")) {
            JsonNode tpl = d.spec().path("template");
            Map<String, String> meta = labels(d.node().path("metadata").path("labels"));
            Map<String, String> pod = labels(tpl.path("metadata").path("labels"));
            Map<String, String> sel = labels(d.spec().path("selector").path("matchLabels"));
            for (String l : List.of("app", "version")) {
                if (!meta.containsKey(l)) out.add(d.where() + ": no label '" + l + "' on the Deployment");
                if (!pod.containsKey(l)) out.add(d.where() + ": no label '" + l + "' on the pod template");
                else if (!pod.get(l).equals(meta.get(l))) out.add(d.where() + ": pod label " + l + "=" + pod.get(l) + " differs from the Deployment's");
            }
            if (!pod.entrySet().containsAll(sel.entrySet())) out.add(d.where() + ": selector " + sel + " does not match its pod template");
            boolean service = d.namespace().equals(NS);
            if (service && !(sel.containsKey("app") && sel.containsKey("version"))) {
                out.add(d.where() + ": selector must include app and version so both colours can run side by side");
            }
            JsonNode spec = tpl.path("spec");
            for (JsonNode c : spec.path("containers")) {
                String at = d.where() + ": container " + c.path("name").asText();
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    if (!c.has(probe)) out.add(at + " has no " + probe);
                }
                for (String kind : List.of("requests", "limits")) {
                    for (String r : List.of("cpu", "memory")) {
                        if (!c.path("resources").path(kind).has(r)) out.add(at + " has no resources." + kind + "." + r);
                    }
                }
                if (!service) continue;
                if (!"/q/health/ready".equals(c.path("readinessProbe").path("httpGet").path("path").asText())) {
                    out.add(at + ": readinessProbe must GET /q/health/ready");
                }
                if (!"/q/health/live".equals(c.path("livenessProbe").path("httpGet").path("path").asText())) {
                    out.add(at + ": livenessProbe must GET /q/health/live");
                }
                // /q/* answers only on the management interface (404 on the public port the Service exposes).
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    if (c.has(probe) && !"management".equals(c.path(probe).path("httpGet").path("port").asText())) {
                        out.add(at + ": " + probe + " must use the container port 'management'");
                    }
                }
                long req = bytes(c.path("resources").path("requests").path("memory").asText("0"));
                long lim = bytes(c.path("resources").path("limits").path("memory").asText("0"));
                if (req < MIN_MEMORY_REQUEST) out.add(at + ": memory request below " + (MIN_MEMORY_REQUEST >> 20) + "Mi (measured RSS ~265 MB)");
                if (lim < MIN_MEMORY_LIMIT) out.add(at + ": memory limit below " + (MIN_MEMORY_LIMIT >> 20) + "Mi (measured RSS ~265 MB)");
                JsonNode sc = c.path("securityContext");
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) out.add(at + ": root filesystem is not read-only");
                if (sc.path("allowPrivilegeEscalation").asBoolean(true)) out.add(at + ": allowPrivilegeEscalation is not false");
            }
            if (!service) continue;
            if (!spec.path("securityContext").path("runAsNonRoot").asBoolean(false)) out.add(d.where() + ": pod does not set runAsNonRoot");
            String sa = spec.path("serviceAccountName").asText("");
            if (sa.isEmpty() || sa.equals("default")) out.add(d.where() + ": runs as the default ServiceAccount");
            else if (k8s.stream().noneMatch(x -> x.kind().equals("ServiceAccount") && x.name().equals(sa) && x.namespace().equals(d.namespace()))) {
                out.add(d.where() + ": ServiceAccount " + sa + " does not exist");
            }
            Set<String> keys = new TreeSet<>();
            for (JsonNode t : spec.path("topologySpreadConstraints")) keys.add(t.path("topologyKey").asText());
            for (String k : List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname")) {
                if (!keys.contains(k)) out.add(d.where() + ": no topology spread over " + k);
            }
            if (ofKind(k8s, "HorizontalPodAutoscaler").stream().noneMatch(h -> h.namespace().equals(d.namespace())
                    && h.spec().path("scaleTargetRef").path("kind").asText().equals("Deployment")
                    && h.spec().path("scaleTargetRef").path("name").asText().equals(d.name()))) {
                out.add(d.where() + ": no HorizontalPodAutoscaler targets it");
            }
            if (ofKind(k8s, "PodDisruptionBudget").stream().noneMatch(p -> p.namespace().equals(d.namespace())
                    && pod.entrySet().containsAll(labels(p.spec().path("selector").path("matchLabels")).entrySet()))) {
                out.add(d.where() + ": no PodDisruptionBudget covers its pods");
            }
            List<Doc> svcs = ofKind(k8s, "Service").stream().filter(s -> s.namespace().equals(d.namespace())
                    && pod.entrySet().containsAll(labels(s.spec().path("selector")).entrySet())).toList();
            if (svcs.isEmpty()) out.add(d.where() + ": no Service selects its pods");
            for (Doc s : svcs) {
                for (JsonNode p : s.spec().path("ports")) {
                    if (p.path("name").asText("").isEmpty()) out.add(s.where() + ": port " + p.path("port") + " has no name");
                }
            }
        }
        return out;
    }

    static long bytes(String q) {
        Matcher m = Pattern.compile("^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$").matcher(q);
        if (!m.matches()) return 0;
        double v = Double.parseDouble(m.group(1));
        String u = m.group(2) == null ? "" : m.group(2);
        return (long) (v * switch (u) {
            case "Ki" -> 1L << 10; case "Mi" -> 1L << 20; case "Gi" -> 1L << 30; case "Ti" -> 1L << 40;
            case "k" -> 1e3; case "M" -> 1e6; case "G" -> 1e9; case "T" -> 1e12; default -> 1;
        });
    }

    /** STRICT mTLS covers the namespace: sidecars injected, STRICT PeerAuthentication, nothing weaker, ISTIO_MUTUAL rules. */
    public static List<String> strictMtls(List<Doc> k8s, List<Doc> istio, String ns) {
        List<String> out = new ArrayList<>();
        Optional<Doc> namespace = ofKind(k8s, "Namespace").stream().filter(n -> n.name().equals(ns)).findFirst();
        if (namespace.isEmpty()) {
            out.add("k8s: no Namespace " + ns);
        } else {
            Map<String, String> l = labels(namespace.get().node().path("metadata").path("labels"));
            if (!"enabled".equals(l.get("istio-injection")) && !l.containsKey("istio.io/rev")) {
                out.add(namespace.get().where() + ": sidecar injection is not enabled, so no mTLS at all");
            }
        }
        boolean covered = false;
        for (Doc pa : ofKind(istio, "PeerAuthentication")) {
            if (!pa.namespace().equals(ns) && !pa.namespace().equals("istio-system")) continue;
            String mode = pa.spec().path("mtls").path("mode").asText("UNSET");
            boolean wide = !pa.spec().has("selector");
            if (wide && mode.equals("STRICT")) covered = true;
            if (!mode.equals("STRICT") && !mode.equals("UNSET")) out.add(pa.where() + ": mode " + mode + " weakens STRICT mTLS");
            pa.spec().path("portLevelMtls").fields().forEachRemaining(e -> {
                String m = e.getValue().path("mode").asText("UNSET");
                if (!m.equals("STRICT") && !m.equals("UNSET")) out.add(pa.where() + ": port " + e.getKey() + " mode " + m + " weakens STRICT mTLS");
            });
        }
        if (!covered) out.add("istio: no namespace-wide STRICT PeerAuthentication in " + ns + " or istio-system");
        for (Doc dr : ofKind(istio, "DestinationRule")) {
            String mode = dr.spec().path("trafficPolicy").path("tls").path("mode").asText("");
            if (!mode.equals("ISTIO_MUTUAL")) out.add(dr.where() + ": trafficPolicy.tls.mode is '" + mode + "', not ISTIO_MUTUAL");
            for (JsonNode s : dr.spec().path("subsets")) {
                String m = s.path("trafficPolicy").path("tls").path("mode").asText("ISTIO_MUTUAL");
                if (!m.equals("ISTIO_MUTUAL")) out.add(dr.where() + ": subset " + s.path("name").asText() + " tls mode " + m);
            }
        }
        return out;
    }

    /**
     * The AuthorizationPolicies deny by default and allow exactly the calls the services make (calls: caller to
     * callees), plus the ingress gateway (gateway; stream-service for the byte paths only) and Prometheus
     * (GET /q/metrics only).
     */
    public static List<String> authorization(List<Doc> k8s, List<Doc> istio, Map<String, Set<String>> calls) {
        List<String> out = new ArrayList<>();
        Map<String, String> appOfSa = new HashMap<>();
        Set<String> apps = new TreeSet<>();
        for (Doc d : ofKind(k8s, "Deployment")) {
            if (!d.namespace().equals(NS)) continue;
            String app = d.spec().path("template").path("metadata").path("labels").path("app").asText();
            apps.add(app);
            String sa = d.spec().path("template").path("spec").path("serviceAccountName").asText("default");
            String prev = appOfSa.put(sa, app);
            if (prev != null && !prev.equals(app)) out.add(d.where() + ": ServiceAccount " + sa + " is shared by " + prev + " and " + app);
        }
        List<Doc> policies = ofKind(istio, "AuthorizationPolicy").stream().filter(p -> p.namespace().equals(NS)).toList();
        if (policies.stream().noneMatch(p -> p.spec().isEmpty())) {
            out.add("istio: no deny-by-default AuthorizationPolicy (empty spec) in namespace " + NS);
        }
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (Doc p : policies) {
            if (p.spec().isEmpty()) continue;
            String action = p.spec().path("action").asText("ALLOW");
            if (action.equals("DENY") || action.equals("AUDIT")) continue;
            if (!action.equals("ALLOW")) { out.add(p.where() + ": action " + action + " is not checked here"); continue; }
            List<String> targets = new ArrayList<>();
            if (p.spec().has("selector")) {
                String app = p.spec().path("selector").path("matchLabels").path("app").asText("");
                if (app.isEmpty() || p.spec().path("selector").path("matchLabels").size() != 1) {
                    out.add(p.where() + ": selector must be exactly matchLabels.app");
                    continue;
                }
                if (!apps.contains(app)) out.add(p.where() + ": selects app " + app + ", which no Deployment runs");
                targets.add(app);
            } else {
                targets.addAll(apps);
            }
            if (!p.spec().has("rules") || p.spec().path("rules").isEmpty()) {
                out.add(p.where() + ": an ALLOW policy without rules");
            }
            int i = 0;
            for (JsonNode rule : p.spec().path("rules")) {
                String at = p.where() + ": rules[" + i++ + "]";
                if (!rule.has("from") || rule.path("from").isEmpty()) { out.add(at + " allows every source"); continue; }
                Set<String> paths = new TreeSet<>();
                Set<String> methods = new TreeSet<>();
                boolean unrestricted = !rule.has("to");
                for (JsonNode to : rule.path("to")) {
                    JsonNode op = to.path("operation");
                    if (!op.has("paths")) unrestricted = true;
                    op.path("paths").forEach(x -> paths.add(x.asText()));
                    op.path("methods").forEach(x -> methods.add(x.asText()));
                }
                for (JsonNode from : rule.path("from")) {
                    JsonNode src = from.path("source");
                    new SourceCheck(src).check(at, out);
                    for (JsonNode pr : src.path("principals")) {
                        String principal = pr.asText();
                        Matcher m = PRINCIPAL.matcher(principal);
                        if (principal.equals(INGRESS)) {
                            for (String t : targets) {
                                if (t.equals("gateway")) continue;
                                if (t.equals("stream-service") && !unrestricted && BYTE_PATHS.containsAll(paths)) continue;
                                out.add(at + ": lets the ingress gateway reach " + t + (unrestricted ? " on every path" : " on " + paths)
                                        + "; it may reach only gateway, and stream-service on " + new TreeSet<>(BYTE_PATHS));
                            }
                        } else if (principal.equals(PROMETHEUS)) {
                            if (unrestricted || !paths.equals(Set.of("/q/metrics")) || !methods.equals(Set.of("GET"))) {
                                out.add(at + ": Prometheus may only GET /q/metrics");
                            }
                        } else if (m.matches() && m.group(1).equals(NS)) {
                            String caller = appOfSa.get(m.group(2));
                            if (caller == null) { out.add(at + ": principal " + principal + " is no service's ServiceAccount"); continue; }
                            for (String t : targets) allowed.computeIfAbsent(caller, k -> new TreeSet<>()).add(t);
                        } else {
                            out.add(at + ": principal " + principal + " is not one the design lets in");
                        }
                    }
                }
            }
        }
        for (var e : allowed.entrySet()) {
            for (String callee : e.getValue()) {
                if (!calls.getOrDefault(e.getKey(), Set.of()).contains(callee)) {
                    out.add("istio AuthorizationPolicy allows " + e.getKey() + " -> " + callee + ", a call " + e.getKey()
                            + " does not make (no cinemesh.upstream." + callee + ".url in " + e.getKey() + "/src/main/resources/application.properties)");
                }
            }
        }
        for (var e : calls.entrySet()) {
            for (String callee : e.getValue()) {
                if (!allowed.getOrDefault(e.getKey(), Set.of()).contains(callee)) {
                    out.add(e.getKey() + " calls " + callee + " (cinemesh.upstream." + callee + ".url) but no AuthorizationPolicy in "
                            + NS + " allows it");
                }
            }
        }
        return out;
    }

    /** A source may name principals only: namespaces, IP blocks and negations are too coarse for this design. */
    private record SourceCheck(JsonNode source) {
        void check(String at, List<String> out) {
            source.fieldNames().forEachRemaining(f -> {
                if (!f.equals("principals")) out.add(at + ": source field '" + f + "' is not allowed; name principals");
            });
            if (!source.has("principals") || source.path("principals").isEmpty()) out.add(at + ": a source without principals");
        }
    }

    /** Paths the edge routes to stream-service are ones the ingress gateway is authorised for there. */
    public static List<String> edgeRoutesAuthorized(List<Doc> istio) {
        List<String> out = new ArrayList<>();
        for (Doc vs : ofKind(istio, "VirtualService")) {
            boolean edge = false;
            for (JsonNode g : vs.spec().path("gateways")) edge |= !g.asText().equals("mesh");
            if (!edge) continue;
            int i = 0;
            for (JsonNode route : vs.spec().path("http")) {
                boolean toStream = false;
                for (JsonNode d : route.path("route")) toStream |= d.path("destination").path("host").asText().startsWith("stream-service");
                if (toStream) {
                    if (!route.has("match")) out.add(vs.where() + ": http[" + i + "] sends every path to stream-service");
                    for (JsonNode m : route.path("match")) {
                        String prefix = m.path("uri").path("prefix").asText(null);
                        boolean ok = prefix != null && BYTE_PATHS.stream().anyMatch(p -> prefix.startsWith(p.substring(0, p.length() - 1)));
                        if (!ok) out.add(vs.where() + ": http[" + i + "] sends " + m.path("uri") + " to stream-service, which the ingress may not call there");
                    }
                }
                i++;
            }
        }
        return out;
    }
}
