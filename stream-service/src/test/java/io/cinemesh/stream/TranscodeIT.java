package io.cinemesh.stream;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link TranscodeTest} against the packaged stream-service (real ffmpeg runs, segments, the session in
 * PostgreSQL): the jar in {@code mvn verify}, the native executable when built with {@code -Pnative} (the
 * workflow's native job).
 */
@QuarkusIntegrationTest
class TranscodeIT extends TranscodeTest {
}
