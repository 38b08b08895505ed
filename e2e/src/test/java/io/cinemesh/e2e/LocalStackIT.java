package io.cinemesh.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's first command, run as a user runs it: {@code ./cinemesh up} brings up PostgreSQL, a real Kafka
 * broker, Zipkin and the four services; a client then talks to the gateway only. Last, the stack is stopped
 * with SIGTERM and nothing it started may be left running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final Pattern READY = Pattern.compile("CINEMESH READY url=(\\S+) token=(\\S+)");
    private static final int[] PORTS = {32400, 8081, 8082, 8083, 9092, 9411};

    private static Process stack;
    private static Path log;
    private static Path data;
    private static String token;

    @BeforeAll
    static void up() throws Exception {
        Path root = Path.of(System.getProperty("cinemesh.root", "..")).toAbsolutePath().normalize();
        data = Path.of(System.getProperty("cinemesh.e2e.data", "target/stack-data")).toAbsolutePath();
        Files.createDirectories(data);
        log = data.resolveSibling("stack-output.log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("cinemesh").toString(), "up")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CINEMESH_DATA", data.toString());
        // The reactor packaged the services just before this module; do not build them again.
        pb.environment().put("CINEMESH_SKIP_BUILD", "1");
        pb.environment().remove("CINEMESH_MEDIA");
        pb.environment().remove("CINEMESH_ALLOWED_NETWORKS");
        stack = pb.start();

        Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
        while (token == null) {
            Matcher m = READY.matcher(Files.readString(log));
            if (m.find()) {
                RestAssured.baseURI = m.group(1);
                RestAssured.port = URI.create(m.group(1)).getPort();
                token = m.group(2);
            } else if (!stack.isAlive()) {
                fail("./cinemesh up exited with " + stack.exitValue() + " before it was ready:\n" + tail());
            } else if (Instant.now().isAfter(deadline)) {
                fail("./cinemesh up was not ready within 6 minutes:\n" + tail());
            } else {
                Thread.sleep(500);
            }
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null && stack.isAlive()) {
            stack.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void rootIsAMediaContainerInXmlAndJson() {
        String mid = given().header("X-Plex-Token", token).get("/").then().statusCode(200)
                .header("Content-Type", "text/xml;charset=utf-8")
                .body("MediaContainer.@machineIdentifier", matchesPattern("[0-9a-f]{40}"))
                .body("MediaContainer.@ownerFeatures", equalTo(""))
                .extract().path("MediaContainer.@machineIdentifier");
        given().header("X-Plex-Token", token).accept("application/json").get("/").then().statusCode(200)
                .header("Content-Type", "application/json")
                .body("MediaContainer.machineIdentifier", equalTo(mid))
                .body("MediaContainer.myPlex", equalTo(false));
        given().get("/identity").then().statusCode(200).body("MediaContainer.@machineIdentifier", equalTo(mid));
    }

    @Test
    @Order(2)
    void aRequestWithoutATokenIsRefused() {
        given().get("/").then().statusCode(401).body(containsString("<Response code=\"401\""));
        given().get("/library/sections").then().statusCode(401);
        given().header("X-Plex-Token", "not-the-token").accept("application/json").get("/status/sessions").then()
                .statusCode(401).header("Content-Type", "application/json");
    }

    @Test
    @Order(3)
    void eachServiceAnswersThroughTheGateway() {
        given().header("X-Plex-Token", token).get("/library").then().statusCode(200)
                .body("MediaContainer.@identifier", equalTo("com.plexapp.plugins.library"));
        given().header("X-Plex-Token", token).accept("application/json").get("/library/sections").then()
                .statusCode(200).header("Content-Type", "application/json");
        given().header("X-Plex-Token", token).get("/status/sessions").then().statusCode(200)
                .body("MediaContainer.@size", equalTo("0"));
        given().queryParam("X-Plex-Token", token).get("/accounts").then().statusCode(200)
                .body("MediaContainer.Account[0].@id", equalTo("1"));
    }

    @Test
    @Order(4)
    void zipkinShowsATraceAcrossTheGatewayAndAService() throws Exception {
        given().header("X-Plex-Token", token).get("/library/sections").then().statusCode(200);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Set<String> best = Set.of();
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:9411/api/v2/traces?serviceName=gateway&limit=100&lookback=600000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                for (JsonNode trace : json.readTree(r.body())) {
                    Set<String> services = new HashSet<>();
                    for (JsonNode span : trace) {
                        services.add(span.path("localEndpoint").path("serviceName").asText());
                    }
                    if (services.contains("gateway") && services.contains("library-service")) {
                        return;
                    }
                    if (services.size() > best.size()) {
                        best = services;
                    }
                }
            }
            Thread.sleep(1000);
        }
        fail("no trace in Zipkin spans the gateway and library-service; best seen: " + best);
    }

    @Test
    @Order(99)
    void stoppingLeavesNoProcessBehind() throws Exception {
        long pid = stack.pid();
        List<Long> family = descendants(pid);
        stack.destroy(); // SIGTERM, as Ctrl-C or a service manager would
        assertTrue(stack.waitFor(90, TimeUnit.SECONDS), "./cinemesh did not stop within 90 s:\n" + tail());
        assertEquals(0, stack.exitValue(), "a requested stop is a clean exit:\n" + tail());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<Long> alive;
        do {
            alive = family.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
                    .toList();
            alive = new ArrayList<>(alive);
            alive.addAll(processesMentioning(data.toString()));
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        assertTrue(alive.isEmpty(), "processes left behind: " + alive);
        for (int port : PORTS) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 300);
                fail("port " + port + " still answers after the stack stopped");
            } catch (IOException expected) {
                // closed, as it should be
            }
        }
    }

    private static List<Long> descendants(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    /** Processes whose command line names the stack's data folder: what the stack started, however detached. */
    private static List<Long> processesMentioning(String needle) throws IOException {
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmd.contains(needle)) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
