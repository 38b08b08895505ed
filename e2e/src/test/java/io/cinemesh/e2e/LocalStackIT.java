package io.cinemesh.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.Map;
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
    private static final int[] PORTS = {32400, 8081, 8082, 8083, 9400, 9081, 9082, 9083, 9092, 9411};

    private static final String DATABASE = "cinemesh_e2e";

    private static Process stack;
    private static Path log;
    private static Path data;
    private static String token;

    @BeforeAll
    static void up() throws Exception {
        Path root = Path.of(System.getProperty("cinemesh.root", "..")).toAbsolutePath().normalize();
        data = Path.of(System.getProperty("cinemesh.e2e.data", "target/stack-data")).toAbsolutePath();
        // Secrets and Kafka's topics from an earlier run would not match the new database; downloaded jars and
        // the demo media can stay.
        for (String stale : List.of("secrets", "kafka/data", "logs", "run", "scratch")) {
            Path p = data.resolve(stale);
            if (Files.exists(p)) {
                try (Stream<Path> old = Files.walk(p)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        Files.createDirectories(data);
        log = data.resolveSibling("stack-output.log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("cinemesh").toString(), "up")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CINEMESH_DATA", data.toString());
        // A database of its own, new every run, as a first start on a fresh machine would have.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            c.createStatement().execute("CREATE DATABASE " + DATABASE);
        }
        pb.environment().put("CINEMESH_DB_NAME", DATABASE);
        pb.environment().put("CINEMESH_DB_USER", "postgres");
        pb.environment().put("CINEMESH_DB_PASSWORD", "unused-with-trust-auth");
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

    // ---- Sharing, enforced where the data is served (issue 4's "done when") ----------------------------------

    private static long moviesSection;
    private static long showsSection;

    private static long createSection(String name, String type, String agent, String scanner, String location) {
        String key = given().header("X-Plex-Token", token).accept("application/json")
                .queryParam("name", name).queryParam("type", type).queryParam("agent", agent)
                .queryParam("scanner", scanner).queryParam("language", "en-US").queryParam("location", location)
                .post("/library/sections").then().statusCode(org.hamcrest.Matchers.either(equalTo(200))
                        .or(equalTo(201))).extract().path("MediaContainer.Directory[0].key");
        return Long.parseLong(key);
    }

    private static int itemCount(long section, String tkn) {
        return given().header("X-Plex-Token", tkn).accept("application/json")
                .header("X-Plex-Container-Start", "0").header("X-Plex-Container-Size", "0")
                .get("/library/sections/" + section + "/all").then().statusCode(200).extract()
                .path("MediaContainer.totalSize");
    }

    @Test
    @Order(10)
    void theDemoLibraryIsScannedThroughThePlexApi() throws InterruptedException {
        moviesSection = createSection("Movies", "movie", "tv.plex.agents.movie", "Plex Movie", "Movies");
        showsSection = createSection("TV Shows", "show", "tv.plex.agents.series", "Plex TV Series", "TV Shows");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            int activities = given().header("X-Plex-Token", token).accept("application/json").get("/activities")
                    .then().statusCode(200).extract().path("MediaContainer.size");
            if (activities == 0 && itemCount(moviesSection, token) > 0 && itemCount(showsSection, token) > 0) {
                return;
            }
            Thread.sleep(500);
        }
        fail("the demo library was not scanned within 3 minutes");
    }

    private static int kid;
    private static String managedToken;
    private static String episodeKey;
    private static String episodePart;
    private static String episodeThumb;
    private static String moviePart;
    private static String movieKey;

    @Test
    @Order(11)
    void aManagedUserSeesOnlyItsSharedSection() {
        kid = given().header("X-Plex-Token", token).contentType("application/json")
                .body("{\"name\":\"kid\",\"kind\":\"managed\"}").post("/api/v2/admin/users").then()
                .statusCode(org.hamcrest.Matchers.either(equalTo(200)).or(equalTo(201))).extract().path("id");
        given().header("X-Plex-Token", token).contentType("application/json")
                .body("{\"sectionIds\":[" + moviesSection + "]}").put("/api/v2/admin/users/" + kid + "/shares")
                .then().statusCode(200);
        managedToken = given().header("X-Plex-Token", token).post("/api/v2/home/users/" + kid + "/switch")
                .then().statusCode(201).extract().path("authToken");

        var shows = given().header("X-Plex-Token", token).accept("application/json")
                .get("/library/sections/" + showsSection + "/all").then().statusCode(200).extract();
        String show = shows.path("MediaContainer.Metadata[0].ratingKey");
        var episode = given().header("X-Plex-Token", token).accept("application/json")
                .get("/library/metadata/" + show + "/allLeaves").then().statusCode(200).extract();
        episodeKey = episode.path("MediaContainer.Metadata[0].ratingKey");
        episodePart = episode.path("MediaContainer.Metadata[0].Media[0].Part[0].key");
        episodeThumb = episode.path("MediaContainer.Metadata[0].thumb");
        String movie = given().header("X-Plex-Token", token).accept("application/json")
                .get("/library/sections/" + moviesSection + "/all").then().extract()
                .path("MediaContainer.Metadata[0].ratingKey");
        movieKey = movie;
        moviePart = given().header("X-Plex-Token", token).accept("application/json").get("/library/metadata/" + movie)
                .then().statusCode(200).extract().path("MediaContainer.Metadata[0].Media[0].Part[0].key");

        given().header("X-Plex-Token", managedToken).accept("application/json").get("/library/sections").then()
                .statusCode(200).body("MediaContainer.size", equalTo(1))
                .body("MediaContainer.Directory[0].key", equalTo(Long.toString(moviesSection)));
        // The owner gets the bytes; the managed user gets them only from its shared section.
        given().header("X-Plex-Token", token).header("Range", "bytes=0-99").get(episodePart).then().statusCode(206);
        given().header("X-Plex-Token", managedToken).header("Range", "bytes=0-99").get(moviePart).then()
                .statusCode(206);
    }

    @Test
    @Order(12)
    void anUnsharedItemsMetadataPartAndThumbnailAreRefusedThroughTheGatewayAndDirectly() {
        for (String base : List.of("http://127.0.0.1:32400", "http://127.0.0.1:8081", "http://127.0.0.1:8082")) {
            String metadataOwner = base.endsWith(":8082") ? null : base;
            String partOwner = base.endsWith(":8081") ? null : base;
            if (metadataOwner != null) {
                given().baseUri(metadataOwner).header("X-Plex-Token", managedToken)
                        .get("/library/metadata/" + episodeKey).then().statusCode(404);
                given().baseUri(metadataOwner).header("X-Plex-Token", managedToken).get(episodeThumb).then()
                        .statusCode(org.hamcrest.Matchers.either(equalTo(404)).or(equalTo(403)));
            }
            if (partOwner != null) {
                given().baseUri(partOwner).header("X-Plex-Token", managedToken).header("Range", "bytes=0-99")
                        .get(episodePart).then().statusCode(org.hamcrest.Matchers.either(equalTo(404))
                                .or(equalTo(403)));
            }
        }
    }

    @Test
    @Order(13)
    void anItemAboveAManagedUsersRatingLimitIsRefusedThroughTheGatewayAndDirectly() throws InterruptedException {
        given().header("X-Plex-Token", token).urlEncodingEnabled(false)
                .put("/library/sections/" + moviesSection + "/all?type=1&id=" + movieKey + "&contentRating.value=R")
                .then().statusCode(200);
        String thumb = given().header("X-Plex-Token", token).accept("application/json")
                .get("/library/metadata/" + movieKey).then().statusCode(200)
                .body("MediaContainer.Metadata[0].contentRating", equalTo("R")).extract()
                .path("MediaContainer.Metadata[0].thumb");
        given().header("X-Plex-Token", token).header("Range", "bytes=0-99").get(moviePart).then().statusCode(206);
        // Before the limit the kid sees the film; after it (share.changed drops the cached access) it does not.
        given().header("X-Plex-Token", managedToken).get("/library/metadata/" + movieKey).then().statusCode(200);
        // ... and is watching it, transcoded (segments are fetched by session id, without the token).
        String master = given().header("X-Plex-Token", managedToken).urlEncodingEnabled(false)
                .get("/video/:/transcode/universal/start.m3u8?path=/library/metadata/" + movieKey
                        + "&protocol=hls&directPlay=0&directStream=1").then().statusCode(200).extract().asString();
        java.util.regex.Matcher session = java.util.regex.Pattern.compile("session/([0-9a-f-]{36})/base/index\\.m3u8")
                .matcher(master);
        assertTrue(session.find(), master);
        String segment = "/video/:/transcode/universal/session/" + session.group(1) + "/base/0.ts";
        given().get(segment).then().statusCode(200);
        given().header("X-Plex-Token", token).contentType("application/json")
                .body("{\"sectionIds\":[" + moviesSection + "],\"contentRatingLimit\":\"PG-13\"}")
                .put("/api/v2/admin/users/" + kid + "/shares").then().statusCode(200);
        Instant deadline = Instant.now().plusSeconds(10);
        // library-service and stream-service each learn it from user.events: wait for both.
        while (given().header("X-Plex-Token", managedToken).get("/library/metadata/" + movieKey).statusCode() != 404
                || given().baseUri("http://127.0.0.1:8082").header("X-Plex-Token", managedToken)
                        .header("Range", "bytes=0-99").get(moviePart).statusCode() != 404
                || given().get(segment).statusCode() != 404) {
            if (Instant.now().isAfter(deadline)) {
                fail("the rating limit was not applied by library-service and stream-service (parts and the "
                        + "running transcode) within 10 s");
            }
            Thread.sleep(200);
        }
        for (String base : List.of("http://127.0.0.1:32400", "http://127.0.0.1:8081", "http://127.0.0.1:8082")) {
            if (!base.endsWith(":8082")) {
                given().baseUri(base).header("X-Plex-Token", managedToken).get("/library/metadata/" + movieKey)
                        .then().statusCode(404);
                if (thumb != null) {
                    given().baseUri(base).header("X-Plex-Token", managedToken).get(thumb).then().statusCode(404);
                }
            }
            if (!base.endsWith(":8081")) {
                given().baseUri(base).header("X-Plex-Token", managedToken).header("Range", "bytes=0-99")
                        .get(moviePart).then().statusCode(404);
            }
        }
        // Starting again is refused now that the film is above the limit.
        given().header("X-Plex-Token", managedToken).urlEncodingEnabled(false)
                .get("/video/:/transcode/universal/start.m3u8?path=/library/metadata/" + movieKey
                        + "&protocol=hls&directPlay=0&directStream=1").then().statusCode(404);
        // Other films of the section are still there.
        given().header("X-Plex-Token", managedToken).accept("application/json")
                .get("/library/sections/" + moviesSection + "/all").then().statusCode(200)
                .body("MediaContainer.Metadata.ratingKey", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItem(movieKey)));
    }

    @Test
    @Order(14)
    void aRevokedTokenIsRefusedByAllFourServicesWithinFiveSeconds() throws InterruptedException {
        String tokenId = given().header("X-Plex-Token", token).accept("application/json").get("/api/v2/admin/tokens")
                .then().statusCode(200).extract().path("find { it.userId == " + kid + " && it.revokedAt == null }.id");
        if (tokenId == null) {
            fail("the managed user's token is not listed by the admin API");
        }
        given().header("X-Plex-Token", token).delete("/api/v2/admin/tokens/" + tokenId).then().statusCode(200);
        Instant revokedAt = Instant.now();
        Map<String, String> probes = Map.of(
                "gateway", "http://127.0.0.1:32400/",
                "library-service", "http://127.0.0.1:8081/library/sections",
                "stream-service", "http://127.0.0.1:8082/status/sessions",
                "user-service", "http://127.0.0.1:8083/accounts");
        Set<String> refusing = new HashSet<>();
        while (refusing.size() < probes.size()
                && Duration.between(revokedAt, Instant.now()).compareTo(Duration.ofSeconds(5)) < 0) {
            probes.forEach((service, url) -> {
                if (given().header("X-Plex-Token", managedToken).get(url).statusCode() == 401) {
                    refusing.add(service);
                }
            });
            Thread.sleep(100);
        }
        assertEquals(probes.keySet(), refusing, "services refusing the revoked token within 5 s");
    }

    @Test
    @Order(15)
    void aFilmsBytesArriveUnchangedThroughTheGateway() throws IOException {
        var movie = given().header("X-Plex-Token", token).accept("application/json")
                .get("/library/metadata/" + movieKey).then().statusCode(200).extract();
        String key = movie.path("MediaContainer.Metadata[0].Media[0].Part[0].key");
        Path file = Path.of((String) movie.path("MediaContainer.Metadata[0].Media[0].Part[0].file"));
        byte[] expected = Files.readAllBytes(file.isAbsolute() ? file : data.resolve("demo-media").resolve(file));
        double handOffsBefore = handOffsSent();

        var whole = given().header("X-Plex-Token", token).get(key).then().statusCode(200)
                .header("Accept-Ranges", "bytes").header("Content-Length", Integer.toString(expected.length))
                .extract();
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, whole.asByteArray(), "the whole file");
        String etag = whole.header("ETag");
        whole.headers().asList().forEach(h -> assertTrue(!h.getName().toLowerCase().startsWith("x-cinemesh"),
                "an internal header reached the client: " + h));

        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 12; i++) {
            int first = random.nextInt(expected.length);
            int last = Math.min(expected.length - 1, first + random.nextInt(1 << 20));
            byte[] got = given().header("X-Plex-Token", token).header("Range", "bytes=" + first + "-" + last)
                    .get(key).then().statusCode(206)
                    .header("Content-Range", "bytes " + first + "-" + last + "/" + expected.length)
                    .extract().asByteArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    java.util.Arrays.copyOfRange(expected, first, last + 1), got, "bytes " + first + "-" + last);
        }
        byte[] tail = given().header("X-Plex-Token", token).header("Range", "bytes=-500").get(key).then()
                .statusCode(206).extract().asByteArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                java.util.Arrays.copyOfRange(expected, expected.length - 500, expected.length), tail, "last 500");
        // A changed file (another ETag) gets the whole new body, not a slice of it; a range past the end is 416.
        given().header("X-Plex-Token", token).header("Range", "bytes=0-99").header("If-Range", "\"other\"")
                .get(key).then().statusCode(200).header("Content-Length", Integer.toString(expected.length));
        given().header("X-Plex-Token", token).header("Range", "bytes=" + expected.length + "-").get(key).then()
                .statusCode(416).header("Content-Range", "bytes */" + expected.length);
        given().header("X-Plex-Token", token).header("If-None-Match", etag).get(key).then().statusCode(304);
        given().header("X-Plex-Token", token).head(key).then().statusCode(200)
                .header("Content-Length", Integer.toString(expected.length));
        // A client cannot steer the hand-off: its own copy of the internal header is dropped at the door.
        byte[] first100 = given().header("X-Plex-Token", token).header("X-Cinemesh-Part-Handoff", "1")
                .header("Range", "bytes=0-99").get(key).then().statusCode(206).extract().asByteArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(expected, 100), first100);
        // Nor can another local process on stream-service's own port: without the cluster's proof it gets the
        // bytes, never the film's path on disk.
        var direct = given().baseUri("http://127.0.0.1:8082").header("X-Plex-Token", token)
                .header("X-Cinemesh-Part-Handoff", "1").header("Range", "bytes=0-99").get(key).then().statusCode(206)
                .extract();
        assertNull(direct.header("X-Cinemesh-Part-File"), "stream-service named the file to a caller without proof");
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(expected, 100),
                direct.asByteArray());

        // On one box the gateway sent those bodies from the media folder itself rather than through a second hop.
        assertTrue(handOffsSent() >= handOffsBefore + 15,
                "the gateway's hand-off counter did not move");
    }

    private static double handOffsSent() {
        String metrics = given().get("http://127.0.0.1:9400/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("cinemesh_gateway_part_handoffs_total{")
                && l.contains("outcome=\"sent\"")).findFirst()
                // The value follows the labels; an OpenMetrics exemplar (" # {span_id=…} 1.0 <time>") may follow it.
                .map(l -> Double.parseDouble(l.substring(l.indexOf("} ") + 2).trim().split("\\s+")[0])).orElse(0.0);
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

    /**
     * What an operator reads after a day with the stack: no service logged an ERROR from its start to its stop,
     * through everything the tests above did (refusals, revocations, transcodes ended by a rating limit are a
     * client's 4xx, not the server's error), and each service logged that it stopped.
     */
    @Test
    @Order(100)
    void theServicesLoggedNoErrorFromStartToStop() throws IOException {
        Pattern error = Pattern.compile("^\\S+ ERROR ");
        for (String service : List.of("gateway", "library-service", "stream-service", "user-service")) {
            List<String> lines = Files.readAllLines(data.resolve("logs").resolve(service + ".log"));
            List<String> errors = lines.stream().filter(l -> error.matcher(l).find()).toList();
            assertTrue(errors.isEmpty(), service + " logged errors:\n" + String.join("\n", errors));
            assertTrue(lines.stream().anyMatch(l -> l.contains(service + " stopped in")),
                    service + " did not log its stop:\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
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
