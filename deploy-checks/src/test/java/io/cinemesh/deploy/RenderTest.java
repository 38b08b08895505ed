package io.cinemesh.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Base and every overlay render; with kubectl present, kustomize renders exactly the same documents. */
class RenderTest {

    static List<String> targets() {
        return Repo.renderTargets();
    }

    @Test
    void everyOverlayAnOperatorAppliesIsChecked() {
        List<String> t = targets();
        assertTrue(t.containsAll(List.of("k8s/base", "k8s/overlays/homelab", "k8s/overlays/production", "istio/base",
                "istio/split/blue-100-green-0", "istio/split/blue-90-green-10", "istio/split/blue-50-green-50",
                "istio/split/blue-10-green-90", "istio/split/blue-0-green-100")), "render targets: " + t);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void renders(String target) {
        List<Doc> docs = Repo.render(target);
        assertFalse(docs.isEmpty(), target + " renders nothing");
        Problems.assertNone(target, Semantics.namespaces(docs));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void kubectlKustomizeRendersTheSame(String target) throws Exception {
        String kubectl = Kubectl.find();
        Assumptions.assumeTrue(kubectl != null,
                "no kubectl on the PATH (or -Dcinemesh.kubectl=none): the checks use the Java renderer alone");
        Map<String, JsonNode> java = new TreeMap<>();
        for (Doc d : Repo.render(target)) java.put(d.id(), d.node());
        Map<String, JsonNode> kube = new TreeMap<>();
        for (JsonNode n : Kubectl.kustomize(kubectl, Repo.root().resolve(target))) {
            Doc d = new Doc((com.fasterxml.jackson.databind.node.ObjectNode) n, "kubectl");
            kube.put(d.id(), n);
        }
        assertEquals(new TreeSet<>(kube.keySet()), new TreeSet<>(java.keySet()), target + ": kubectl and Java render different documents");
        for (String id : java.keySet()) {
            assertEquals(kube.get(id), java.get(id), target + ": " + id + " differs between kubectl kustomize and the Java renderer");
        }
    }
}
