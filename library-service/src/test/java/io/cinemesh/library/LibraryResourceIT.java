package io.cinemesh.library;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link LibraryResourceTest} against the packaged library-service: the jar in {@code mvn verify}, the native
 * executable when built with {@code -Pnative} (the workflow's native job).
 */
@QuarkusIntegrationTest
class LibraryResourceIT extends LibraryResourceTest {
}
