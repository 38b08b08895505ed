package io.cinemesh.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PlexRequestFuzzer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests at the front door: its own answers ({@code /}, {@code /identity}, the token check, the
 * notification endpoints) and every Plex path it routes, with tokens in the header, the query, forged or absent,
 * odd methods, raw escapes, long headers and forwarded-for junk: no answer is a 5xx without {@code Retry-After}
 * or a stack trace. The stand-in upstreams echo what reached them (tokens included), so the echo check is off.
 */
@QuarkusTest
@QuarkusTestResource(EchoUpstreams.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class GatewayFuzzTest {

    private static final Logger LOG = Logger.getLogger(GatewayFuzzTest.class);

    static final List<String> ROUTES = List.of("/", "/identity", "/{id}", "/library/sections",
            "/library/sections/{id}/all", "/library/metadata/{id}", "/library/parts/{id}/{ts}/file.mp4",
            "/library/streams/{id}", "/hubs/search", "/playlists/{id}/items", "/playQueues/{id}", "/:/timeline",
            "/:/scrobble", "/:/progress", "/:/websockets/notifications", "/:/eventsource/notifications",
            "/video/:/transcode/universal/start.m3u8", "/video/:/transcode/universal/session/{id}/base/{n}.ts",
            "/photo/:/transcode", "/status/sessions", "/transcode/sessions", "/api/v2/user",
            "/api/v2/users/signin", "/api/v2/admin/users/{id}", "/accounts", "/devices/{id}", "/users/sign_in.json",
            "/internal/parts/{id}", "/internal/users/{id}/access", "/q/health", "/q/metrics", "/web",
            "/web/index.html", "/rest/ping.view", "/upload", "/activities", "/myplex/account",
            "/system/agents", "/servers", "/clients", "/media/providers", "/butler", "/updater/status");

    @Test
    void noHostileRequestGetsA5xxOrAStackTrace() {
        int port = RestAssured.port;
        List<String> ids = List.of("1", "2", "10", "101", "1001", "abc", "library", ":");
        PlexRequestFuzzer.Report report = new PlexRequestFuzzer(20261206L, ROUTES, List.of(), ids, GatewayTest.OWNER)
                .allowTokenInAnswers().run("127.0.0.1", port, 2000);
        LOG.infof("gateway fuzz: %s", report.summary());
        assertTrue(report.findings().isEmpty(), PlexRequestFuzzer.describe(report.findings()));
        assertTrue(report.statuses().getOrDefault(200, 0) > 200,
                "the fuzz reaches real answers, not only refusals: " + report.statuses());
    }
}
