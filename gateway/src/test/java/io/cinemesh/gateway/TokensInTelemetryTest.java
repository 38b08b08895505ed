package io.cinemesh.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Players put their token in the query of every stream and image URL, and Subsonic clients their password or
 * salted token: none of it may reach a trace viewer. Checked on the spans the gateway exports (its own server
 * span and the client span of the call it forwards).
 */
@QuarkusTest
@QuarkusTestResource(EchoUpstreams.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(TokensInTelemetryTest.Tracing.class)
class TokensInTelemetryTest {

    static final Path ACCESS_LOG = Path.of("target", "gateway-access-test.log").toAbsolutePath();

    /** Tracing on, exported to memory only; the access log on, as an operator would turn it on. */
    public static class Tracing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms",
                    "quarkus.http.access-log.enabled", "true", "quarkus.http.access-log.log-to-file", "true",
                    "quarkus.http.access-log.log-directory", ACCESS_LOG.getParent().toString(),
                    "quarkus.http.access-log.base-file-name", "gateway-access-test",
                    "quarkus.http.access-log.log-suffix", ".log");
        }
    }

    static final List<String> SECRETS = List.of(GatewayTest.OWNER, "subsonic-password", "salted-md5-token",
            "the-salt", "an-api-key");

    @Inject
    MemorySpans spans;

    @Test
    void noSpanOfAForwardedRequestCarriesItsQuerySecrets() throws InterruptedException {
        String client = "telemetry-" + System.nanoTime();
        given().urlEncodingEnabled(false).header("X-Plex-Client-Identifier", client)
                .get("/library/sections?type=1&X-Plex-Token=" + GatewayTest.OWNER + "&p=subsonic-password"
                        + "&t=salted-md5-token&s=the-salt&apiKey=an-api-key&sort=" + client)
                .then().statusCode(200).body("service", equalTo("library-service"))
                // the service still gets the query as sent: only telemetry is cleaned
                .body("query", equalTo("type=1&X-Plex-Token=" + GatewayTest.OWNER + "&p=subsonic-password"
                        + "&t=salted-md5-token&s=the-salt&apiKey=an-api-key&sort=" + client));

        List<SpanData> mine = List.of();
        for (long until = System.currentTimeMillis() + 20_000; System.currentTimeMillis() < until;
                Thread.sleep(100)) {
            mine = spans.all().stream().filter(s -> s.getAttributes().asMap().values().stream()
                    .anyMatch(v -> String.valueOf(v).contains(client))).toList();
            if (mine.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER)
                    && mine.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT)) {
                break;
            }
        }
        assertTrue(mine.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER), "no server span: " + mine);
        assertTrue(mine.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT),
                "no client span of the forwarded call: " + mine);
        for (SpanData span : mine) {
            String shown = span.getName() + " " + span.getAttributes();
            for (String secret : SECRETS) {
                assertFalse(shown.contains(secret), span.getKind() + " span shows '" + secret + "': " + shown);
            }
            // what the query was is still visible, minus the values
            assertTrue(shown.contains("X-Plex-Token=REDACTED"), shown);
        }
    }

    @Test
    void theAccessLogNamesThePathWithoutTheQuery() throws Exception {
        String marker = "/library/metadata/" + System.nanoTime();
        given().urlEncodingEnabled(false).get(marker + "?X-Plex-Token=" + GatewayTest.OWNER + "&apiKey=an-api-key")
                .then().statusCode(200);
        String line = null;
        for (long until = System.currentTimeMillis() + 10_000; line == null && System.currentTimeMillis() < until;
                Thread.sleep(100)) {
            line = Files.exists(ACCESS_LOG) ? Files.readAllLines(ACCESS_LOG).stream()
                    .filter(l -> l.contains(marker)).findFirst().orElse(null) : null;
        }
        assertTrue(line != null, "no access log line for " + marker + " in " + ACCESS_LOG);
        for (String secret : SECRETS) {
            assertFalse(line.contains(secret), "the access log shows '" + secret + "': " + line);
        }
    }
}
