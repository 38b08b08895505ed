package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class StreamTraceTest {

    @Inject
    MemorySpans spans;

    @Test
    void everyRequestOfOneStreamLandsInOneTrace() throws Exception {
        String client = "trace-client-" + System.nanoTime();
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("X-Plex-Client-Identifier", client)
                .get("/video/:/transcode/universal/decision?path=/library/metadata/1001&directPlay=0").then()
                .statusCode(200);
        String master = given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("X-Plex-Client-Identifier", client)
                .get("/video/:/transcode/universal/start.m3u8?path=/library/metadata/1001&directPlay=0").then()
                .statusCode(200).extract().asString();
        String id = master.lines().filter(l -> l.startsWith("session/")).findFirst().orElseThrow().split("/")[1];
        for (int n = 0; n < 3; n++) {
            given().urlEncodingEnabled(false).get("/video/:/transcode/universal/session/" + id + "/base/" + n + ".ts")
                    .then().statusCode(200);
        }
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("X-Plex-Client-Identifier", client).queryParam("ratingKey", "1001")
                .queryParam("state", "playing").queryParam("time", 4000).post("/:/timeline").then().statusCode(200);
        given().header("X-Plex-Token", LibraryStandIn.OWNER).header("X-Plex-Client-Identifier", client)
                .header("Range", "bytes=0-99").get("/library/parts/" + LibraryStandIn.FILM + "/1/file.mp4").then()
                .statusCode(206);
        // another viewer's stream of the same film is another trace
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("X-Plex-Client-Identifier", client + "-other").queryParam("ratingKey", "1001")
                .queryParam("state", "playing").queryParam("time", 0).post("/:/timeline").then().statusCode(200);

        Set<String> wanted = Set.of("transcode.decision", "transcode.start", "segment 0", "segment 1", "segment 2",
                "ffmpeg copy", "timeline playing", "part.get");
        List<SpanData> mine = List.of();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            mine = spans.all().stream().filter(s -> client.equals(s.getAttributes()
                    .get(AttributeKey.stringKey("cinemesh.client"))) || id.equals(s.getAttributes()
                            .get(AttributeKey.stringKey("cinemesh.transcode_session")))).toList();
            if (mine.stream().map(SpanData::getName).collect(Collectors.toSet()).containsAll(wanted)) {
                break;
            }
            Thread.sleep(100);
        }
        Set<String> names = mine.stream().map(SpanData::getName).collect(Collectors.toSet());
        assertTrue(names.containsAll(wanted), "spans of the stream: " + names);
        Set<String> traceIds = mine.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
        assertEquals(1, traceIds.size(), "one trace for the whole stream: " + traceIds);
        String traceId = traceIds.iterator().next();
        // the stream's root span exists in that trace, and every request span is linked from it
        assertTrue(spans.all().stream().anyMatch(s -> s.getName().equals("stream") && s.getTraceId().equals(traceId)));
        SpanData ffmpeg = mine.stream().filter(s -> s.getName().equals("ffmpeg copy")).findFirst().orElseThrow();
        List<String> events = ffmpeg.getEvents().stream().map(EventData::getName).toList();
        assertTrue(events.containsAll(List.of("started", "first segment", "exited")), events.toString());
        assertEquals(0L, ffmpeg.getEvents().stream().filter(e -> e.getName().equals("exited")).findFirst()
                .orElseThrow().getAttributes().get(AttributeKey.longKey("ffmpeg.exit_code")));
        SpanData segment = mine.stream().filter(s -> s.getName().equals("segment 1")).findFirst().orElseThrow();
        assertTrue(segment.getAttributes().get(AttributeKey.longKey("cinemesh.bytes")) > 0);
        assertEquals("copy", segment.getAttributes().get(AttributeKey.stringKey("cinemesh.decision")));
        assertEquals(1L, segment.getAttributes().get(AttributeKey.longKey("cinemesh.user")));
        assertTrue(!segment.getLinks().isEmpty(), "the segment span links to its HTTP request's span");
        // The other client's spans end on their own schedule: wait for them as for the stream's own.
        java.util.Optional<SpanData> other = java.util.Optional.empty();
        for (long until = System.currentTimeMillis() + 20_000; other.isEmpty() && System.currentTimeMillis() < until;
                Thread.sleep(100)) {
            other = spans.all().stream().filter(s -> (client + "-other").equals(s.getAttributes()
                    .get(AttributeKey.stringKey("cinemesh.client")))).findFirst();
        }
        assertTrue(other.isPresent(), "no span of the other client's stream");
        assertNotEquals(traceId, other.get().getTraceId());
    }
}
