package io.cinemesh.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Java renderer does what kustomize does for the subset it implements, and refuses everything else. */
class KustomizeTest {
    final Kustomize k = new Kustomize(Fixtures.path("kustomize"));

    @Test
    void rendersResourcesComponentsAndPatches() {
        List<Doc> docs = k.render(Fixtures.path("kustomize/ok/overlay"));
        Map<String, String> byName = new TreeMap<>();
        docs.forEach(d -> byName.put(d.name(), d.node().toString()));
        assertEquals(List.of("one", "two", "three"), docs.stream().map(Doc::name).toList());
        // Component patch ran before the overlay's own patches: it added to `one` (blue), then the overlay removed data.
        assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"one\",\"namespace\":\"x\",\"labels\":{\"colour\":\"red\"}}}",
                byName.get("one"));
        assertTrue(byName.get("three").contains("\"a~b/c\":\"z\""), byName.get("three"));
        assertEquals("ok/base/things.yaml", docs.get(0).source());
    }

    @ParameterizedTest
    @CsvSource({
        "bad-field,  field 'namespace' is not implemented",
        "bad-smp,    strategic-merge patches are not",
        "bad-target, matches no document",
        "bad-path,   replace /data/missing: nothing to replace",
    })
    void refusesWhatItDoesNotImplementAndBrokenPatches(String dir, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.render(Fixtures.path("kustomize/" + dir)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains(dir + "/kustomization.yaml"), "names the file: " + e.getMessage());
    }

    @Test
    void labelSelectors() {
        var l = Map.of("app", "gateway", "version", "blue");
        assertTrue(Kustomize.LabelSelector.parse("app=gateway,version in (blue,green)").matches(l));
        assertTrue(Kustomize.LabelSelector.parse("app,!missing,version!=green").matches(l));
        assertTrue(!Kustomize.LabelSelector.parse("version notin (blue)").matches(l));
    }
}
