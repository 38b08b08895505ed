package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A token or Subsonic credential in a request's query never reaches an exported span of the service. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class TokensInSpansTest {

    static final List<String> SECRETS = List.of(LibraryStandIn.OWNER, "subsonic-password", "salted-md5-token",
            "the-salt", "an-api-key");

    @Inject
    MemorySpans spans;

    @Test
    void queriesAreRecordedWithoutTheirSecrets() throws InterruptedException {
        String marker = "marker-" + System.nanoTime();
        String query = "?X-Plex-Token=" + LibraryStandIn.OWNER + "&p=subsonic-password&t=salted-md5-token"
                + "&s=the-salt&apiKey=an-api-key&marker=" + marker;
        given().urlEncodingEnabled(false).get("/status/sessions" + query).then().statusCode(200);
        given().urlEncodingEnabled(false).header("Range", "bytes=0-99")
                .get("/library/parts/" + LibraryStandIn.FILM + "/1/file.mp4" + query).then().statusCode(206);

        List<SpanData> mine = List.of();
        for (long until = System.currentTimeMillis() + 20_000; System.currentTimeMillis() < until;
                Thread.sleep(100)) {
            mine = spans.all().stream().filter(s -> s.getKind() == SpanKind.SERVER && s.getAttributes().asMap()
                    .values().stream().anyMatch(v -> String.valueOf(v).contains(marker))).toList();
            if (mine.size() >= 2) {
                break;
            }
        }
        assertTrue(mine.size() >= 2, "server spans of both requests: " + mine);
        for (SpanData span : mine) {
            String shown = span.getName() + " " + span.getAttributes();
            for (String secret : SECRETS) {
                assertFalse(shown.contains(secret), "the span shows '" + secret + "': " + shown);
            }
            assertTrue(shown.contains("X-Plex-Token=REDACTED"), shown);
        }
    }
}
