package io.cinemesh.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading who calls whom from the services' application.properties (a small fixture repository). */
class ServiceCallsTest {

    @Test
    void readsUpstreamUrlsInAnyProfileAndNothingElse() {
        Map<String, Set<String>> calls = ServiceCalls.fromRepo(Fixtures.path("repo"));
        assertEquals(Map.of("gateway", Set.of("library-service", "user-service"), "library-service", Set.of("user-service")), calls);
    }

    @Test
    void fallsBackToTheDocumentedCallsForAServiceNotInTheRepositoryYet() {
        StringBuilder notes = new StringBuilder();
        Map<String, Set<String>> calls = ServiceCalls.forServices(Fixtures.path("repo"),
                Set.of("gateway", "stream-service", "user-service"), notes);
        assertEquals(Set.of("library-service", "user-service"), calls.get("gateway"));
        assertEquals(Set.of("library-service", "user-service"), calls.get("stream-service"));
        assertEquals(Set.of(), calls.get("user-service"));
        assertTrue(notes.toString().contains("stream-service: no application.properties"), notes.toString());
    }

    @Test
    void fixtureCallsAgainstTheRealPoliciesFailBothWays() {
        // The fixture gateway does not call stream-service, but the policies allow it: one problem. Its
        // library-service calls user-service only, as allowed. A service that calls one nobody allows: another.
        Map<String, Set<String>> calls = new java.util.TreeMap<>(ServiceCalls.fromRepo(Fixtures.path("repo")));
        calls.put("stream-service", Set.of("library-service", "user-service"));
        calls.put("user-service", Set.of("stream-service"));
        var problems = Semantics.authorization(Repo.render("k8s/base"), Repo.render("istio/base"), calls);
        assertEquals(2, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).contains("allows gateway -> stream-service, a call gateway does not make"), problems.get(0));
        assertTrue(problems.get(1).contains("user-service calls stream-service"), problems.get(1));
    }
}
