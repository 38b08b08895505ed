package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PlexRequestFuzzer;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against every stream-service route (parts, the universal transcoder, photos, subtitles,
 * timelines, sessions, history) with the stand-in library's real files, from the owner and from a user with some
 * of the parts: no answer is a 5xx without {@code Retry-After}, a stack trace, or the caller's token. Its own
 * profile, so the transcodes it starts and the sessions it ends touch no other test. Counts go to SECURITY.md.
 */
@QuarkusTest
@TestProfile(StreamApiFuzzTest.Own.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class StreamApiFuzzTest {

    private static final Logger LOG = Logger.getLogger(StreamApiFuzzTest.class);

    public static class Own implements QuarkusTestProfile {
    }

    static final List<String> ROUTES = List.of("/library/parts/{id}/{ts}/file.mp4", "/library/parts/{id}/{ts}/{f}",
            "/library/parts/{id}", "/library/streams/{id}", "/library/streams/{id}.srt", "/library/streams/{id}.vtt",
            "/video/:/transcode/universal/start.m3u8", "/video/:/transcode/universal/start",
            "/video/:/transcode/universal/decision", "/video/:/transcode/universal/ping",
            "/video/:/transcode/universal/stop", "/music/:/transcode/universal/start.m3u8",
            "/audio/:/transcode/universal/decision", "/video/:/transcode/universal/session/{id}/base/index.m3u8",
            "/video/:/transcode/universal/session/{id}/base/{n}.ts",
            "/video/:/transcode/universal/session/{id}/subtitles/index.m3u8",
            "/video/:/transcode/universal/session/{id}/subtitles/{n}.vtt",
            "/video/:/transcode/universal/session/{id}/{n}/index.m3u8", "/photo/:/transcode", "/:/timeline",
            "/status/sessions", "/status/sessions/history/all", "/status/sessions/history/{id}",
            "/status/sessions/terminate", "/transcode/sessions", "/transcode/sessions/{id}",
            "/internal/parts/{id}", "/internal/items/{id}/parts", "/internal/streams/{id}");
    static final List<String> PARAMS = List.of("fastSeek", "mediaIndex", "partIndex", "subtitleSize", "subtitles",
            "audioBoost", "location", "copyts", "videoQuality", "musicBitrate", "autoAdjustQuality", "minSize",
            "upscale", "opacity", "background", "blur", "saturation", "ratingKey", "playbackTime", "playQueueItemID",
            "hasMDE", "reason", "sessionId", "metadataId", "allParts", "encoding", "download");
    static final List<String> IDS = List.of(String.valueOf(LibraryStandIn.FILM), String.valueOf(LibraryStandIn.SONG),
            String.valueOf(LibraryStandIn.SUBBED), String.valueOf(LibraryStandIn.ESCAPE),
            String.valueOf(LibraryStandIn.SECRET), String.valueOf(LibraryStandIn.MISSING), "1001", "1005", "1007",
            "1002", String.valueOf(LibraryStandIn.EMBEDDED_SUB), String.valueOf(LibraryStandIn.SIDECAR_SUB), "0", "1",
            "2");

    @Test
    void noHostileRequestGetsA5xxAStackTraceOrItsTokenBack() {
        // A real session, so its playlist and segment ids are there to be hit.
        List<String> ids = new ArrayList<>(IDS);
        ids.add(TranscodeTest.start("video", "1001", "&directStream=1"));

        int port = RestAssured.port;
        PlexRequestFuzzer.Report asOwner = new PlexRequestFuzzer(20261206L, ROUTES, PARAMS, ids,
                LibraryStandIn.OWNER).run("127.0.0.1", port, 1200);
        PlexRequestFuzzer.Report asUser = new PlexRequestFuzzer(11L, ROUTES, PARAMS, ids, LibraryStandIn.USER)
                .run("127.0.0.1", port, 600);
        LOG.infof("stream-service fuzz, owner: %s", asOwner.summary());
        LOG.infof("stream-service fuzz, user: %s", asUser.summary());

        List<PlexRequestFuzzer.Finding> findings = new ArrayList<>(asOwner.findings());
        findings.addAll(asUser.findings());
        assertTrue(findings.isEmpty(), PlexRequestFuzzer.describe(findings));
        assertTrue(asOwner.statuses().getOrDefault(200, 0) + asOwner.statuses().getOrDefault(206, 0) > 100,
                "the fuzz reaches real answers, not only refusals: " + asOwner.statuses());
    }
}
