package io.cinemesh.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every k8s rendering, the hosts and ports the services are configured with are Services that will exist, and
 * every Secret and ConfigMap key a Deployment reads is there (issue 13, "Manifests that would really connect").
 */
class EndpointsTest {

    static java.util.List<String> k8s() {
        return Repo.k8sTargets();
    }

    @ParameterizedTest
    @MethodSource("k8s")
    void configurationNamesServicesAndKeysThatExist(String k8s) {
        Problems.assertNone(k8s, Endpoints.check(Repo.render(k8s), Endpoints.operationsDoc()));
    }
}
