package io.cinemesh.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The semantic checks on the real manifests: every k8s rendering against every istio rendering. */
class SemanticsTest {

    static List<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (String k : Repo.k8sTargets()) {
            for (String i : Repo.istioTargets()) {
                out.add(Arguments.of(k, i));
            }
        }
        return out;
    }

    static List<String> k8s() {
        return Repo.k8sTargets();
    }

    static List<String> istio() {
        return Repo.istioTargets();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairs")
    void subsetsMatchDeploymentLabels(String k8s, String istio) {
        Problems.assertNone(k8s + " + " + istio, Semantics.subsetsMatchDeployments(Repo.render(k8s), Repo.render(istio)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairs")
    void virtualServicesNameExistingServicesAndPorts(String k8s, String istio) {
        Problems.assertNone(k8s + " + " + istio, Semantics.virtualServiceTargets(Repo.render(k8s), Repo.render(istio)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairs")
    void strictMtlsCoversTheNamespace(String k8s, String istio) {
        Problems.assertNone(k8s + " + " + istio, Semantics.strictMtls(Repo.render(k8s), Repo.render(istio), Semantics.NS));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairs")
    void authorizationPoliciesAllowExactlyTheCallsTheServicesMake(String k8s, String istio) {
        List<Doc> k = Repo.render(k8s);
        Set<String> apps = new TreeSet<>();
        Semantics.ofKind(k, "Deployment").stream().filter(d -> d.namespace().equals(Semantics.NS))
                .forEach(d -> apps.add(d.spec().path("template").path("metadata").path("labels").path("app").asText()));
        StringBuilder notes = new StringBuilder();
        Map<String, Set<String>> calls = ServiceCalls.forServices(Repo.root(), apps, notes);
        System.out.print("[deploy-checks] calls checked against the AuthorizationPolicies:\n" + notes);
        Problems.assertNone(k8s + " + " + istio, Semantics.authorization(k, Repo.render(istio), calls));
    }

    @ParameterizedTest
    @MethodSource("istio")
    void weightsAddUpTo100AndEdgeRoutesAreAuthorised(String istio) {
        List<String> p = new ArrayList<>(Semantics.weightsAddUp(Repo.render(istio)));
        p.addAll(Semantics.edgeRoutesAuthorized(Repo.render(istio)));
        Problems.assertNone(istio, p);
    }

    @ParameterizedTest
    @MethodSource("k8s")
    void deploymentsHaveProbesResourcesAndLabels(String k8s) {
        Problems.assertNone(k8s, Semantics.deploymentsComplete(Repo.render(k8s)));
    }

    @Test
    void splitsWalkTheCanarySteps() {
        for (String[] step : new String[][] {{"100", "0"}, {"90", "10"}, {"50", "50"}, {"10", "90"}, {"0", "100"}}) {
            String target = "istio/split/blue-" + step[0] + "-green-" + step[1];
            for (Doc vs : Semantics.ofKind(Repo.render(target), "VirtualService")) {
                for (var route : vs.spec().path("http")) {
                    for (var d : route.path("route")) {
                        String want = d.path("destination").path("subset").asText().equals("blue") ? step[0] : step[1];
                        org.junit.jupiter.api.Assertions.assertEquals(want, d.path("weight").asText(),
                                vs.where() + ": route " + route.path("name").asText() + " in " + target);
                    }
                }
            }
        }
    }
}
