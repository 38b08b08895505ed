package io.cinemesh.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered document validates against its strict schema. */
class SchemaTest {
    static final Schemas SCHEMAS = Schemas.bundled();

    static List<String> targets() {
        return Repo.renderTargets();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyDocumentMatchesItsStrictSchema(String target) {
        Problems.assertNone(target, SCHEMAS.validate(Repo.render(target)));
    }

    @Test
    void schemasCoverTheKindsInUse() {
        assertTrue(SCHEMAS.kinds().size() >= 20, "schemas: " + SCHEMAS.kinds());
    }

    /** The copies in the repository are the steering repository's schemas, unchanged (when ../shared is there). */
    @Test
    void copiedSchemasMatchShared() throws Exception {
        Path shared = Repo.root().resolve("../shared/schemas").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "no " + shared + " beside the clone: copies not compared");
        Path ours = Path.of(SchemaTest.class.getResource("/schemas").toURI());
        for (String dir : List.of("istio", "operators")) {
            try (var files = Files.list(ours.resolve(dir))) {
                for (Path f : files.toList()) {
                    assertEquals(Files.readString(shared.resolve(dir).resolve(f.getFileName())), Files.readString(f),
                            f + " differs from " + shared.resolve(dir));
                }
            }
        }
    }
}
