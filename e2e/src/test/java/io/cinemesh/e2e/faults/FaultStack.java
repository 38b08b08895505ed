package io.cinemesh.e2e.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code CINEMESH_REPLICAS=2 ./cinemesh up MEDIA} on a private PostgreSQL, as an operator starts it, and what the
 * fault cases do to its replicas: find them by the pid files the script keeps, kill or stop them, wait until they
 * answer again.
 */
public final class FaultStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("user-service", "library-service", "stream-service",
            "gateway");
    private static final Map<String, Integer> BASE = Map.of("gateway", 32400, "library-service", 8081,
            "stream-service", 8082, "user-service", 8083);
    private static final Pattern READY = Pattern.compile("CINEMESH READY url=(\\S+) token=(\\S+)");

    private final Process process;
    private final Path data;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    public final String url;
    public final String token;

    private FaultStack(Process process, Path data, Path log, String url, String token) {
        this.process = process;
        this.data = data;
        this.log = log;
        this.url = url;
        this.token = token;
    }

    public static FaultStack up(Path root, Path data, Path media, PrivatePostgres pg) throws Exception {
        for (String stale : List.of("secrets", "kafka/data", "logs", "run", "scratch")) {
            Path p = data.resolve(stale);
            if (Files.exists(p)) {
                try (Stream<Path> old = Files.walk(p)) {
                    old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        Files.createDirectories(data);
        Path log = data.resolveSibling("fault-stack-output.log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("cinemesh").toString(), "up", media.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("CINEMESH_REPLICAS", "2");
        env.put("CINEMESH_DATA", data.toString());
        env.put("CINEMESH_DB_HOST", "127.0.0.1");
        env.put("CINEMESH_DB_PORT", Integer.toString(pg.port()));
        env.put("CINEMESH_DB_NAME", "postgres");
        env.put("CINEMESH_DB_USER", "postgres");
        env.put("CINEMESH_DB_PASSWORD", "unused-with-trust-auth");
        env.put("CINEMESH_SKIP_BUILD", "1");
        env.putIfAbsent("CINEMESH_ZIPKIN_TIMEOUT", "300");
        env.putIfAbsent("CINEMESH_START_TIMEOUT", "300");
        env.remove("CINEMESH_MEDIA");
        env.remove("CINEMESH_ALLOWED_NETWORKS");
        Process p = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
        while (true) {
            Matcher m = READY.matcher(Files.readString(log));
            if (m.find()) {
                return new FaultStack(p, data, log, m.group(1), m.group(2));
            }
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                p.destroy();
                throw new IllegalStateException("CINEMESH_REPLICAS=2 ./cinemesh up was not ready:\n" + tail(log));
            }
            Thread.sleep(500);
        }
    }

    public static int replicaPort(String service, int k) {
        return BASE.get(service) + 10 * k;
    }

    /** Where a replica's /q/health answers: its management port, as ./cinemesh sets it (+100 per replica). */
    public static int replicaManagementPort(String service, int k) {
        return MANAGEMENT.get(service) + 100 * k;
    }

    private static final Map<String, Integer> MANAGEMENT = Map.of("gateway", 9400, "library-service", 9081,
            "stream-service", 9082, "user-service", 9083);

    public static List<String> replicas() {
        List<String> all = new ArrayList<>();
        for (String s : SERVICES) {
            all.add(s + "-1");
            all.add(s + "-2");
        }
        return all;
    }

    public long pid(String replica) throws IOException {
        return Long.parseLong(Files.readString(data.resolve("run/pids/" + replica)).trim());
    }

    /** The stream-service replica whose ffmpeg writes the given transcode session, or null. */
    public String streamReplicaRunning(String session) throws IOException {
        for (String r : List.of("stream-service-1", "stream-service-2")) {
            var h = ProcessHandle.of(pid(r));
            if (h.isPresent() && h.get().descendants().anyMatch(d -> cmdline(d.pid()).contains(session))) {
                return r;
            }
        }
        return null;
    }

    /** SIGKILL (a crash, an OOM kill) or SIGTERM (a rolling restart); the script brings the replica back. */
    public void kill(String replica, boolean hard) throws IOException {
        ProcessHandle h = ProcessHandle.of(pid(replica)).orElseThrow();
        if (hard) {
            h.destroyForcibly();
        } else {
            h.destroy();
        }
    }

    /** Waits until the replica runs as a new process and answers ready itself; returns when it did. */
    public Instant awaitBack(String replica, long oldPid, Duration timeout) throws Exception {
        if (within(timeout, () -> pid(replica) != oldPid && ready(replica))) {
            return Instant.now();
        }
        throw new IllegalStateException(replica + " did not come back within " + timeout + ":\n" + tail(
                data.resolve("logs/" + replica + ".log")));
    }

    /**
     * Waits until HAProxy, the local stand-in for the mesh, sends to the replica again (its check says UP): ready
     * on its own port is not yet in the balancer, and a slow machine takes longer than the checks' 2 s to see it.
     */
    public void awaitInBalancer(String replica, Duration timeout) throws Exception {
        int dash = replica.lastIndexOf('-');
        String backend = backend(replica.substring(0, dash));
        String server = "r" + replica.substring(dash + 1);
        if (!within(timeout, () -> serverStats(backend, "status").getOrDefault(server, "").startsWith("UP"))) {
            throw new IllegalStateException("HAProxy did not see " + replica + " UP within " + timeout);
        }
    }

    /** Whether {@code condition} held, asked every 200 ms, before {@code timeout} passed. */
    private static boolean within(Duration timeout, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Whether a replica ("stream-service-2") answers ready on its own management port. */
    public boolean ready(String replica) {
        int dash = replica.lastIndexOf('-');
        return ready(replicaManagementPort(replica.substring(0, dash), Integer.parseInt(replica.substring(dash + 1))));
    }

    /** HAProxy's backend of a service ("be_stream_service"). */
    public static String backend(String service) {
        return "be_" + service.replace('-', '_');
    }

    /** @param port a replica's management port */
    public boolean ready(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Freezes the Kafka broker (SIGSTOP) or lets it go on (SIGCONT): to its clients a broker that answers nothing,
     * as behind a network partition, without the stack noticing a child that exited.
     */
    public void freezeKafka(boolean frozen) throws IOException {
        long broker = process.descendants().filter(d -> cmdline(d.pid()).contains("kafka.Kafka")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Kafka broker under the stack")).pid();
        Process p = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(broker)).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("kill " + (frozen ? "-STOP " : "-CONT ") + broker + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A command to HAProxy's runtime API (its admin socket), and its answer. */
    public String haproxy(String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(data.resolve("haproxy/admin.sock")));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) > 0) {
                answer.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * How many requests HAProxy has sent to each replica of a backend so far ({@code stot}, counted when a request
     * is dispatched), by server. Counting answers instead ({@code hrsp_*}) put a long request sent before a weight
     * change on the old colour after it, when it ended.
     */
    public Map<String, Long> served(String backend) throws IOException {
        Map<String, Long> served = new java.util.TreeMap<>();
        serverStats(backend, "stot").forEach((server, v) -> served.put(server, v.isEmpty() ? 0 : Long.parseLong(v)));
        return served;
    }

    /** One column of HAProxy's {@code show stat} for each replica server (r1, r2) of a backend. */
    private Map<String, String> serverStats(String backend, String column) throws IOException {
        String[] lines = haproxy("show stat").split("\n");
        List<String> columns = List.of(lines[0].replaceFirst("^# ", "").split(",", -1));
        Map<String, String> values = new java.util.TreeMap<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (f.length == columns.size() && f[0].equals(backend) && f[1].startsWith("r")) {
                values.put(f[1], f[columns.indexOf(column)]);
            }
        }
        return values;
    }

    public Path logs() {
        return data.resolve("logs");
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
