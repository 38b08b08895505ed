package io.cinemesh.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the Quarkus Kubernetes extension generates for each service agrees with the hand-written k8s/base.
 *
 * <p>The generated file exists only once the service is packaged. In a reactor build that includes the service
 * (`./mvnw verify`: the services come before deploy-checks in the root pom's module order, and nothing makes
 * Maven reorder them), a missing or stale file fails the check. Run alone (`-pl deploy-checks`), a service whose
 * file is missing or older than its application.properties is skipped, and the skip says so.
 */
class GeneratedManifestTest {

    /** The services with a hand-written Deployment in k8s/base: the values of their `app` labels. */
    static List<String> services() {
        TreeSet<String> out = new TreeSet<>();
        Repo.render("k8s/base").stream().filter(d -> d.kind().equals("Deployment"))
                .map(d -> d.spec().path("template").path("metadata").path("labels").path("app").asText(""))
                .filter(s -> !s.isEmpty() && Files.isDirectory(Repo.root().resolve(s)))
                .forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * Whether the module was built in this Maven reactor: the pom passes the reactor's projects in
     * `cinemesh.reactor.projects` (empty outside Maven, e.g. in an IDE).
     */
    static boolean inReactor(String service) {
        String projects = System.getProperty("cinemesh.reactor.projects", "");
        return projects.contains(":" + service + ":");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void generatedDeploymentAgreesWithTheHandWrittenBase(String service) throws IOException {
        Path root = Repo.root();
        Path file = GeneratedManifests.file(root, service);
        Path props = root.resolve(service).resolve("src/main/resources/application.properties");
        String rel = service + "/target/kubernetes/kubernetes.yml";
        String missing = null;
        if (!Files.isRegularFile(file)) {
            missing = rel + " does not exist";
        } else if (Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(props)) < 0) {
            missing = rel + " is older than " + service + "/src/main/resources/application.properties (stale)";
        }
        if (missing != null) {
            if (inReactor(service)) {
                fail(missing + ", but " + service + " is in this reactor build: it is written when the service is"
                        + " packaged (quarkus-maven-plugin `build`, package phase), so run a phase at least up to"
                        + " `package` (e.g. `./mvnw verify`), and keep " + service + " before deploy-checks in the"
                        + " root pom's <modules>");
            }
            String why = "SKIPPED: " + missing + "; deploy-checks runs without " + service + " in the reactor,"
                    + " so nothing regenerates it. Run `./mvnw -B -q package -DskipTests -pl " + service
                    + "` first, or `./mvnw verify` from the root (where a missing file fails)";
            System.err.println("[deploy-checks] " + why);
            Assumptions.abort(why);
        }
        List<Doc> generated = GeneratedManifests.read(file, rel);
        Problems.assertNone(rel + " vs k8s/base", GeneratedManifests.compare(service, generated, Repo.render("k8s/base")));
    }

    @Test
    void findsTheFourServices() {
        assertEquals(List.of("gateway", "library-service", "stream-service", "user-service"), services());
    }

    /**
     * The comparison can fail: the hand-written blue Deployment, Service and ServiceAccount stand in for the
     * generated ones (they agree), then one fact at a time is changed.
     */
    @Test
    void comparisonFailsOnEachKindOfDisagreement() {
        List<Doc> base = Repo.render("k8s/base");
        assertEquals(List.of(), GeneratedManifests.compare("library-service", standIn(base, "library-service"), base));

        List<Doc> g = standIn(base, "library-service");
        ObjectNode c = (ObjectNode) dep(g).node().at("/spec/template/spec/containers/0");
        ((ObjectNode) c.at("/ports/0")).put("containerPort", 8080);
        // the probes use the management port (ports/1), so moving it moves them
        ((ObjectNode) c.at("/ports/1")).put("containerPort", 9999);
        ((ObjectNode) c.at("/readinessProbe/httpGet")).put("path", "/q/health/started");
        ((ObjectNode) c.at("/livenessProbe")).put("timeoutSeconds", 10);
        ((ObjectNode) c.at("/resources/limits")).put("memory", "1Gi");
        ((ObjectNode) c.at("/env/0")).put("name", "CINEMESH_DB");
        ((ObjectNode) dep(g).node().at("/spec/template/spec")).put("serviceAccountName", "default");
        ((ObjectNode) dep(g).node().at("/spec/template/metadata/labels")).put("app", "library");
        List<String> p = GeneratedManifests.compare("library-service", g, base);
        String all = String.join("\n", p);
        for (String expected : List.of("container ports", "readinessProbe path: generated '/q/health/started', hand-written '/q/health/ready'",
                "livenessProbe timeoutSeconds", "resources.limits.memory 1Gi != 512Mi", "only generated [CINEMESH_DB]",
                "serviceAccountName: generated 'default'", "pod label app: generated 'library'",
                "livenessProbe port: generated '9999', hand-written '9081'")) {
            assertTrue(all.contains(expected), "expected a problem containing " + expected + ", got:\n" + all);
        }
        assertTrue(all.contains("Deployment cinemesh/library-service-green"), "compares with green too:\n" + all);
    }

    @Test
    void quantitiesCompareByValue() {
        assertEquals(GeneratedManifests.quantity(Yaml.readTree("1", "q")), GeneratedManifests.quantity(Yaml.readTree("'1000m'", "q")));
        assertEquals(GeneratedManifests.quantity(Yaml.readTree("'1Gi'", "q")), GeneratedManifests.quantity(Yaml.readTree("'1024Mi'", "q")));
    }

    /** The hand-written blue Deployment (renamed as the extension names it), Service and ServiceAccount. */
    private static List<Doc> standIn(List<Doc> base, String service) {
        return Repo.copy(base).stream()
                .filter(d -> (d.kind().equals("Deployment") && d.name().equals(service + "-blue"))
                        || (List.of("Service", "ServiceAccount").contains(d.kind()) && d.name().equals(service)))
                .map(d -> {
                    if (d.kind().equals("Deployment")) {
                        ((ObjectNode) d.node().get("metadata")).put("name", service);
                    }
                    return d.withSource("stand-in");
                })
                .toList();
    }

    private static Doc dep(List<Doc> g) {
        return g.stream().filter(d -> d.kind().equals("Deployment")).findFirst().orElseThrow(() -> new UncheckedIOException(new IOException("no Deployment")));
    }
}
