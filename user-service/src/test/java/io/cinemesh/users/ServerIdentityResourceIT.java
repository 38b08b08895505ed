package io.cinemesh.users;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ServerIdentityResourceTest} against the packaged user-service: the jar in {@code mvn verify}, the native
 * executable when built with {@code -Pnative} (the workflow's native job).
 */
@QuarkusIntegrationTest
class ServerIdentityResourceIT extends ServerIdentityResourceTest {
}
