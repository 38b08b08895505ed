package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.events.AuditEvents;
import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.testing.InjectKafkaBroker;
import io.cinemesh.testing.KafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every action lands in the audit log, queryable by the owner, from every service's audit.events, once each;
 * and no password, PIN or token is ever stored or logged.
 */
@QuarkusTest
class AuditLogTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    private static List<Map<String, Object>> records(Map<String, Object> query) {
        return given().header("X-Plex-Token", Api.OWNER).queryParams(query).queryParam("limit", 500)
                .get("/api/v2/admin/audit").then().statusCode(200).extract().path("records");
    }

    private static boolean has(List<Map<String, Object>> records, String action, String target, String result) {
        return records.stream().anyMatch(r -> action.equals(r.get("action")) && result.equals(r.get("result"))
                && (target == null || String.valueOf(r.get("target")).startsWith(target)));
    }

    @Test
    void everyActionIsRecordedAndNoSecretIsStoredOrLogged() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String password = "Sekr3t-" + Api.unique("pw");
        String newPassword = "N3w-" + Api.unique("pw");
        String wrong = "Wr0ng-" + Api.unique("pw");
        String pin = "7319";
        String name = Api.unique("judy");
        String address = Api.freshAddress();

        long judy = Api.createUser(name, password);
        String token = Api.signin(name, password, address).then().statusCode(201).extract().path("authToken");
        Api.signin(name, wrong, address).then().statusCode(401);
        given().header("X-Plex-Token", token).get("/api/v2/admin/users").then().statusCode(403);
        given().header("X-Plex-Token", Api.OWNER).contentType(ContentType.JSON)
                .body(Map.of("password", newPassword)).patch("/api/v2/admin/users/" + judy).then().statusCode(200);
        String token2 = Api.signin(name, newPassword, address).then().statusCode(201).extract().path("authToken");
        long kid = Api.createManaged(Api.unique("kid"), pin);
        given().header("X-Plex-Token", Api.OWNER).contentType(ContentType.JSON)
                .body(Map.of("sectionIds", List.of(3))).put("/api/v2/admin/users/" + kid + "/shares")
                .then().statusCode(200);
        String kidToken = given().header("X-Plex-Token", Api.OWNER).queryParam("pin", pin)
                .post("/api/v2/home/users/" + kid + "/switch").then().statusCode(201).extract().path("authToken");
        given().header("X-Plex-Token", Api.OWNER).queryParam("pin", "0000")
                .post("/api/v2/home/users/" + kid + "/switch").then().statusCode(401);
        String tokenId = given().header("X-Plex-Token", Api.OWNER).queryParam("userId", judy)
                .get("/api/v2/admin/tokens").then().extract().path("[0].id");
        given().header("X-Plex-Token", Api.OWNER).delete("/api/v2/admin/tokens/" + tokenId).then().statusCode(200);
        given().header("X-Plex-Token", Api.OWNER).delete("/api/v2/admin/users/" + judy).then().statusCode(204);

        // Every action above, from the audit log the owner reads (fed back through Kafka).
        Map<String, Object> since = Map.of("from", start.toString());
        String judyTarget = "account:" + judy;
        String kidTarget = "account:" + kid;
        List<String[]> expected = List.of(
                new String[] {"user.create", judyTarget, "success"},
                new String[] {"signin", judyTarget, "success"},
                new String[] {"signin", judyTarget, "failure"},
                new String[] {"token.issue", "token:", "success"},
                new String[] {"admin.access", "GET /api/v2/admin/users", "denied"},
                new String[] {"user.update", judyTarget, "success"},
                new String[] {"user.create", kidTarget, "success"},
                new String[] {"share.update", kidTarget, "success"},
                new String[] {"user.switch", kidTarget, "success"},
                new String[] {"user.switch", kidTarget, "failure"},
                new String[] {"token.revoke", "token:" + tokenId, "success"},
                new String[] {"user.delete", judyTarget, "success"});
        List<String> missing = new ArrayList<>();
        try {
            Api.await("every audit record", Duration.ofSeconds(30), () -> {
                List<Map<String, Object>> all = records(since);
                missing.clear();
                expected.stream().filter(e -> !has(all, e[0], e[1], e[2])).forEach(e -> missing.add(String.join(" ",
                        e)));
                return missing.isEmpty();
            });
        } catch (AssertionError e) {
            throw new AssertionError("missing from the audit log: " + missing, e);
        }
        // Who did it, from where.
        List<Map<String, Object>> signins = records(Map.of("actor", name, "action", "signin", "from",
                start.toString()));
        assertTrue(signins.stream().allMatch(r -> address.equals(r.get("from"))), "the client address is recorded");
        assertTrue(signins.stream().allMatch(r -> "user-service".equals(r.get("source"))));

        // No secret anywhere: not in the audit rows, not in any other table, not in the log.
        List<String> secrets = List.of(password, newPassword, wrong, token, token2, kidToken, Api.OWNER);
        for (String table : List.of("audit_log", "account", "auth_token", "signin_throttle", "device",
                "event_outbox")) {
            for (String row : Api.rowsAsText(table)) {
                for (String secret : secrets) {
                    assertFalse(row.contains(secret), table + " holds a secret: " + row);
                }
            }
        }
        // A PIN is four digits: look for it as a number of its own, not inside ids and times.
        java.util.regex.Pattern pinAlone = java.util.regex.Pattern.compile("(?<![0-9])" + pin + "(?![0-9])");
        for (String row : Api.rowsAsText("audit_log")) {
            assertFalse(pinAlone.matcher(row.replaceAll("[0-9a-f-]{36}", "")).find(),
                    "the audit log holds the PIN: " + row);
        }
        String log = Files.readString(Path.of("target/user-service-test.log"));
        assertTrue(log.contains("Installed features"), "the log file is the service's own");
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "the log holds a secret");
        }
        assertFalse(pinAlone.matcher(log).find(), "the log holds the PIN");
    }

    @Test
    void recordsFromOtherServicesAreStoredOnceAndPaged() throws Exception {
        String actor = Api.unique("actor");
        List<CinemeshEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(AuditEvents.record("library-service", "42", actor, "section.scan", "section:" + i,
                    "10.1.2.3", "success", null));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (CinemeshEvent e : events) {
                // At-least-once delivery: each one twice.
                producer.send(new ProducerRecord<>(Topics.AUDIT, "42", e.toJson())).get();
                producer.send(new ProducerRecord<>(Topics.AUDIT, "42", e.toJson())).get();
            }
            producer.send(new ProducerRecord<>(Topics.AUDIT, "42", "not json at all")).get();
        }
        Api.await("five records", Duration.ofSeconds(30),
                () -> records(Map.of("actor", actor)).size() >= 5);
        // Give duplicates a chance to show up before asserting they did not.
        Thread.sleep(500);
        assertEquals(5, records(Map.of("actor", actor)).size(), "duplicates are stored once");

        var page = given().header("X-Plex-Token", Api.OWNER).queryParam("actor", actor).queryParam("limit", 2)
                .queryParam("offset", 2).get("/api/v2/admin/audit").then().statusCode(200)
                .body("total", equalTo(5)).body("offset", equalTo(2)).body("limit", equalTo(2))
                .body("records", hasSize(2)).body("records.source", everyItem(equalTo("library-service")))
                .extract().<List<String>>path("records.id");
        Set<String> all = new java.util.HashSet<>(given().header("X-Plex-Token", Api.OWNER)
                .queryParam("actor", actor).get("/api/v2/admin/audit").then().extract().<List<String>>path(
                        "records.id"));
        assertTrue(all.containsAll(page));
        given().header("X-Plex-Token", Api.OWNER).queryParam("actor", "42").queryParam("action", "section.*")
                .get("/api/v2/admin/audit").then().statusCode(200).body("total", equalTo(5));
        given().header("X-Plex-Token", Api.OWNER).queryParam("actor", actor).queryParam("to", "2000-01-01T00:00:00Z")
                .get("/api/v2/admin/audit").then().statusCode(200).body("total", equalTo(0));
    }
}
