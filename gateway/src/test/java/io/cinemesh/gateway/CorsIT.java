package io.cinemesh.gateway;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link CorsTest} against the packaged gateway (routing to the upstreams, the CORS policy, the token check): the
 * jar in {@code mvn verify}, the native executable when built with {@code -Pnative} (the workflow's native job).
 */
@QuarkusIntegrationTest
class CorsIT extends CorsTest {
}
