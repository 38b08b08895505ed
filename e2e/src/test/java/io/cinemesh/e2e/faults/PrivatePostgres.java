package io.cinemesh.e2e.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the fault suite's own (trust auth, a free port, a folder in /tmp), so that restarting
 * it harms nobody else: the machine's server on 5432 is shared. Debian's server binaries refuse root, so as root
 * they run as the postgres user.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean root;

    private PrivatePostgres(Path dir, Path bin, int port, boolean root) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.root = root;
    }

    public static PrivatePostgres start() throws Exception {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries in /usr/lib/postgresql"));
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("cinemesh-fault-pg");
        if (root) {
            run(List.of("chown", "postgres:", dir.toString()), false);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivatePostgres pg = new PrivatePostgres(dir, bin, port, root);
        pg.pg("initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        pg.ctl("start");
        return pg;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Stops the server (fast: open connections are cut, as a crash or failover does) and starts it again. */
    public void restart() throws Exception {
        ctl("restart");
    }

    private void ctl(String action) throws Exception {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
                "-m", "fast", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                        + " -c max_connections=300", action);
    }

    private void pg(String tool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        run(cmd, true);
    }

    private static void run(List<String> cmd, boolean fromRoot) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (fromRoot) {
            pb.directory(Path.of("/").toFile()); // the postgres user cannot enter our working directory
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            ctl("stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder; the next boot clears /tmp
            }
        }
    }
}
