package io.cinemesh.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and the API description answer on the management port only: the public port is what the
 * ingress and every client reach, and the metrics name every route the server has.
 */
@QuarkusTest
@QuarkusTestResource(EchoUpstreams.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ManagementPortTest {

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;
    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;
    @TestHTTPResource(value = "health/live", management = true)
    URL live;

    @Test
    void qPathsAreNotOnThePublicPort() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi")) {
            given().header("X-Plex-Token", GatewayTest.OWNER).get(path).then().statusCode(404);
        }
    }

    @Test
    void theManagementPortServesHealthAndMetrics() {
        given().get(live).then().statusCode(200);
        given().get(ready).then().statusCode(200);
        given().get("/identity"); // any request on the public port, so the request timer exists
        String scrape = given().get(metrics).then().statusCode(200).extract().asString();
        assertTrue(scrape.contains("http_server_requests_seconds_count{"), scrape);
    }

    @Test
    void metricsNameRoutesNotRawPathsSessionsOrTokens() {
        String session = "4f1d7c2e-9a3b-4c5d-8e6f-0a1b2c3d4e5f";
        given().urlEncodingEnabled(false)
                .get("/video/:/transcode/universal/session/" + session + "/base/7.ts").then().statusCode(200);
        given().urlEncodingEnabled(false).get("/library/metadata/987654/children?X-Plex-Token=" + GatewayTest.OWNER)
                .then().statusCode(200);
        given().urlEncodingEnabled(false).header("X-Plex-Token", GatewayTest.OWNER)
                .get("/library/parts/24680/1700000000/file.mkv?apiKey=an-api-key").then().statusCode(200);

        String scrape = given().get(metrics).then().statusCode(200).extract().asString();
        List<String> requests = scrape.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{"))
                .toList();
        assertFalse(requests.isEmpty(), scrape);
        // Names and labels only: a sample's value (a start time, a byte count) may hold any digits.
        String labels = String.join("\n", scrape.lines().filter(l -> !l.startsWith("#") && l.contains("{"))
                .map(l -> l.substring(0, l.lastIndexOf('}') + 1)).toList());
        for (String secret : List.of(session, "987654", "24680", GatewayTest.OWNER, "an-api-key")) {
            assertFalse(labels.contains(secret), "the scrape shows '" + secret + "':\n" + labels);
        }
        assertTrue(requests.stream().anyMatch(l -> l.contains("uri=\"/video/:/transcode/{path}\"")),
                String.join("\n", requests));
        assertTrue(requests.stream().anyMatch(l -> l.contains("uri=\"/library/parts/{path}\"")),
                String.join("\n", requests));
    }
}
