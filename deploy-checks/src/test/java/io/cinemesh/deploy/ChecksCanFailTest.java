package io.cinemesh.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each check fails on a deliberately broken input, with a message that names the file, the document and the
 * fault. The broken inputs are the real renderings with one thing changed, and fixtures.
 */
class ChecksCanFailTest {
    static final Map<String, Set<String>> DOCUMENTED = ServiceCalls.documented();

    static List<Doc> broken(String target, String kind, String name, Consumer<ObjectNode> change) {
        List<Doc> docs = new ArrayList<>(Repo.copy(Repo.render(target)));
        Doc d = docs.stream().filter(x -> x.kind().equals(kind) && x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + target));
        change.accept(d.node());
        return docs;
    }

    static void assertProblem(List<String> problems, String... parts) {
        assertTrue(problems.stream().anyMatch(p -> List.of(parts).stream().allMatch(p::contains)),
                "expected a problem containing " + List.of(parts) + ", got:\n  " + String.join("\n  ", problems));
    }

    static ObjectNode at(ObjectNode n, String pointer) {
        return (ObjectNode) n.at(pointer);
    }

    @Test
    void schemaRejectsMisspeltUnknownAndUnschemedFields() {
        Kustomize none = new Kustomize(Fixtures.path("broken"));
        List<Doc> docs = new ArrayList<>();
        for (var n : Yaml.readAll(Fixtures.path("broken/schema-typos.yaml"), "broken/schema-typos.yaml")) {
            docs.add(new Doc((ObjectNode) n, "fixtures/broken/schema-typos.yaml"));
        }
        List<String> p = SchemaTest.SCHEMAS.validate(docs);
        assertProblem(p, "schema-typos.yaml: DestinationRule cinemesh/stream-service", "httpHeaderNme");
        assertProblem(p, "Deployment cinemesh/gateway-blue", "replica");
        assertProblem(p, "Deployment cinemesh/gateway-blue", "memory");
        assertProblem(p, "Pod cinemesh/no-schema-for-me", "no schema for v1 Pod");
        // And a rendered document with a misspelt key.
        List<Doc> vs = broken("istio/base", "VirtualService", "cinemesh-edge", n -> at(n, "/spec/http/0").put("timout", "5s"));
        assertProblem(SchemaTest.SCHEMAS.validate(vs), "istio/base/virtualservices.yaml: VirtualService cinemesh/cinemesh-edge", "timout");
        List<Doc> meta = broken("k8s/base", "Service", "gateway", n -> at(n, "/metadata").put("labls", "x"));
        assertProblem(SchemaTest.SCHEMAS.validate(meta), "Service cinemesh/gateway", "metadata", "labls");
    }

    @Test
    void aProbeOnThePublicPortFails() {
        List<Doc> k8s = broken("k8s/base", "Deployment", "gateway-blue",
                n -> at(n, "/spec/template/spec/containers/0/readinessProbe/httpGet").put("port", "http"));
        assertProblem(Semantics.deploymentsComplete(k8s), "gateway-blue", "readinessProbe must use the container port 'management'");
    }

    @Test
    void subsetWithoutDeploymentFails() {
        List<Doc> istio = broken("istio/base", "DestinationRule", "library-service",
                n -> at(n, "/spec/subsets/1/labels").put("version", "grene"));
        assertProblem(Semantics.subsetsMatchDeployments(Repo.render("k8s/base"), istio),
                "istio/base/destinationrules.yaml: DestinationRule cinemesh/library-service", "subset 'green'", "no Deployment");
        assertProblem(Semantics.subsetsMatchDeployments(Repo.render("k8s/base"), istio), "library-service-green", "in no subset");
    }

    @Test
    void weightsNotAddingUpFail() {
        List<Doc> istio = broken("istio/split/blue-90-green-10", "VirtualService", "cinemesh-edge",
                n -> at(n, "/spec/http/1/route/1").put("weight", 20));
        assertProblem(Semantics.weightsAddUp(istio), "VirtualService cinemesh/cinemesh-edge", "http[1] (transcode)", "110, not 100");
    }

    @Test
    void virtualServiceToMissingServicePortOrSubsetFails() {
        List<Doc> istio = broken("istio/base", "VirtualService", "cinemesh-edge", n -> {
            at(n, "/spec/http/0/route/0/destination/port").put("number", 8080);
            at(n, "/spec/http/2/route/0/destination").put("host", "gateway-svc.cinemesh.svc.cluster.local");
            at(n, "/spec/http/1/route/1/destination").put("subset", "canary");
        });
        List<String> p = Semantics.virtualServiceTargets(Repo.render("k8s/base"), istio);
        assertProblem(p, "VirtualService cinemesh/cinemesh-edge", "http[0]", "has no port 8080");
        assertProblem(p, "http[2] destination gateway-svc.cinemesh.svc.cluster.local is no Service");
        assertProblem(p, "http[1]", "subset 'canary' is in no DestinationRule");
    }

    @Test
    void deploymentWithoutProbesResourcesOrLabelsFails() {
        List<Doc> k8s = broken("k8s/overlays/production", "Deployment", "stream-service-green", n -> {
            ObjectNode c = at(n, "/spec/template/spec/containers/0");
            c.remove("readinessProbe");
            at(c, "/resources/limits").remove("memory");
            at(c, "/resources/requests").put("memory", "256Mi");
            at(n, "/spec/template/metadata/labels").remove("version");
            at(c, "/securityContext").put("readOnlyRootFilesystem", false);
            ((ArrayNode) n.at("/spec/template/spec/topologySpreadConstraints")).remove(0);
        });
        List<String> p = Semantics.deploymentsComplete(k8s);
        String where = "k8s/base/apps/stream-service/deployment-green.yaml: Deployment cinemesh/stream-service-green";
        assertProblem(p, where, "has no readinessProbe");
        assertProblem(p, where, "has no resources.limits.memory");
        assertProblem(p, where, "memory request below 320Mi");
        assertProblem(p, where, "no label 'version' on the pod template");
        assertProblem(p, where, "root filesystem is not read-only");
        assertProblem(p, where, "no topology spread over topology.kubernetes.io/zone");
    }

    @Test
    void weakerThanStrictMtlsFails() {
        List<Doc> istio = broken("istio/base", "PeerAuthentication", "default", n -> at(n, "/spec/mtls").put("mode", "PERMISSIVE"));
        List<String> p = Semantics.strictMtls(Repo.render("k8s/base"), istio, Semantics.NS);
        assertProblem(p, "istio/base/peer-authentication.yaml: PeerAuthentication", "mode PERMISSIVE weakens STRICT mTLS");
        List<Doc> noInjection = broken("k8s/base", "Namespace", "cinemesh", n -> at(n, "/metadata/labels").remove("istio-injection"));
        assertProblem(Semantics.strictMtls(noInjection, Repo.render("istio/base"), Semantics.NS),
                "k8s/base/core/namespaces.yaml: Namespace cinemesh", "sidecar injection is not enabled");
        List<Doc> plainDr = broken("istio/base", "DestinationRule", "user-service", n -> at(n, "/spec/trafficPolicy/tls").put("mode", "DISABLE"));
        assertProblem(Semantics.strictMtls(Repo.render("k8s/base"), plainDr, Semantics.NS), "DestinationRule cinemesh/user-service", "not ISTIO_MUTUAL");
    }

    @Test
    void authorizationPoliciesAllowingTooMuchOrTooLittleFail() {
        List<Doc> k8s = Repo.render("k8s/base");
        // user-service lets stream-service in no more: a call stream-service makes is now denied.
        List<Doc> tooLittle = broken("istio/base", "AuthorizationPolicy", "user-service",
                n -> ((ArrayNode) n.at("/spec/rules/0/from/0/source/principals")).remove(2));
        assertProblem(Semantics.authorization(k8s, tooLittle, DOCUMENTED), "stream-service calls user-service", "no AuthorizationPolicy");
        // library-service lets user-service in: a call user-service does not make.
        List<Doc> tooMuch = broken("istio/base", "AuthorizationPolicy", "library-service",
                n -> ((ArrayNode) n.at("/spec/rules/0/from/0/source/principals")).add("cluster.local/ns/cinemesh/sa/user-service"));
        assertProblem(Semantics.authorization(k8s, tooMuch, DOCUMENTED), "allows user-service -> library-service", "does not make");
        // No deny-by-default, a rule for every source, a namespace-wide source, the ingress on every stream path.
        List<Doc> open = broken("istio/base", "AuthorizationPolicy", "deny-all", n -> n.set("spec", n.objectNode().put("action", "ALLOW")));
        assertProblem(Semantics.authorization(k8s, open, DOCUMENTED), "no deny-by-default AuthorizationPolicy");
        List<Doc> anyone = broken("istio/base", "AuthorizationPolicy", "gateway", n -> ((ObjectNode) n.at("/spec/rules/0")).remove("from"));
        assertProblem(Semantics.authorization(k8s, anyone, DOCUMENTED), "istio/base/authorization-policies.yaml: AuthorizationPolicy cinemesh/gateway", "allows every source");
        List<Doc> wide = broken("istio/base", "AuthorizationPolicy", "gateway",
                n -> ((ArrayNode) at(n, "/spec/rules/0/from/0/source").putArray("namespaces")).add("default"));
        assertProblem(Semantics.authorization(k8s, wide, DOCUMENTED), "AuthorizationPolicy cinemesh/gateway", "source field 'namespaces' is not allowed");
        List<Doc> ingressEverywhere = broken("istio/base", "AuthorizationPolicy", "stream-service", n -> ((ObjectNode) n.at("/spec/rules/1")).remove("to"));
        assertProblem(Semantics.authorization(k8s, ingressEverywhere, DOCUMENTED), "lets the ingress gateway reach stream-service on every path");
    }

    @Test
    void edgeRouteToStreamServiceOutsideTheBytePathsFails() {
        List<Doc> istio = broken("istio/base", "VirtualService", "cinemesh-edge",
                n -> ((ObjectNode) n.at("/spec/http/1/match/0/uri")).put("prefix", "/status/sessions"));
        assertProblem(Semantics.edgeRoutesAuthorized(istio), "VirtualService cinemesh/cinemesh-edge", "/status/sessions", "may not call");
    }

    @Test
    void namespacedDocumentWithoutNamespaceFails() {
        List<Doc> k8s = broken("k8s/base", "ConfigMap", "cinemesh-config", n -> at(n, "/metadata").remove("namespace"));
        assertProblem(Semantics.namespaces(k8s), "k8s/base/core/config.yaml: ConfigMap cinemesh-config", "without metadata.namespace");
    }

    @Test
    void configurationNamingServicesOrKeysThatWillNotExistFails() {
        String ops = Endpoints.operationsDoc();
        // The name this repository once had: Strimzi calls the bootstrap Service <cluster>-kafka-bootstrap.
        List<Doc> kafka = broken("k8s/base", "ConfigMap", "cinemesh-config", n -> at(n, "/data")
                .put("KAFKA_BOOTSTRAP_SERVERS", "cinemesh-kafka-bootstrap.cinemesh-data.svc.cluster.local:9092"));
        assertProblem(Endpoints.check(kafka, ops), "k8s/base/core/config.yaml: ConfigMap cinemesh/cinemesh-config",
                "KAFKA_BOOTSTRAP_SERVERS", "no Service cinemesh-data/cinemesh-kafka-bootstrap");
        List<Doc> port = broken("k8s/base", "ConfigMap", "cinemesh-config", n -> at(n, "/data")
                .put("CINEMESH_DB_PORT", "5433").put("CINEMESH_USER_URL", "http://user-service.cinemesh.svc:8080"));
        List<String> p = Endpoints.check(port, ops);
        assertProblem(p, "CINEMESH_DB_HOST", "port 5433 of Service cinemesh-data/cinemesh-pg-rw");
        assertProblem(p, "CINEMESH_USER_URL", "port 8080 of Service cinemesh/user-service");
        List<Doc> key = broken("k8s/base", "Deployment", "user-service-blue", n -> at(n,
                "/spec/template/spec/containers/0/env/1/valueFrom/secretKeyRef").put("key", "user"));
        assertProblem(Endpoints.check(key, ops), "Deployment cinemesh/user-service-blue", "key 'user' of Secret "
                + "cinemesh-db-users", "no such key");
        assertProblem(Endpoints.check(Repo.render("k8s/base"), ""), "Secret cinemesh-tokens",
                "neither in the manifests nor created in docs/operations.md");
    }
}
