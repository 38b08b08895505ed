package io.cinemesh.users;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service refuses to start on a schema newer than itself (as after a rollback past a migration),
 * instead of running against tables it does not know. Every service shares this Flyway configuration.
 */
class SchemaGuardIT {

    private final String db = "cinemesh_guard_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    private static Connection admin(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    }

    @AfterEach
    void drop() throws SQLException {
        try (Connection c = admin("postgres")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    private Process start(Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", "target/quarkus-app/quarkus-run.jar").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CINEMESH_DB_NAME", db);
        pb.environment().put("CINEMESH_DB_USER", "postgres");
        pb.environment().put("CINEMESH_TOKEN_SECRET", "dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdA==");
        // Concrete free ports: with the management interface on, a random port (0) hangs Quarkus' server start.
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(freePort()));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aSchemaFromTheFutureStopsTheStart() throws Exception {
        try (Connection c = admin("postgres")) {
            c.createStatement().execute("CREATE DATABASE " + db);
        }
        Path first = Files.createTempFile("schema-guard-1", ".log");
        Process p = start(first);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!Files.readString(first).contains("started in") && Instant.now().isBefore(deadline) && p.isAlive()) {
            Thread.sleep(250);
        }
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.readString(first).contains("started in"), "first start failed:\n" + Files.readString(first));

        try (Connection c = admin(db)) {
            c.createStatement().execute("INSERT INTO users.flyway_schema_history (installed_rank, version, "
                    + "description, type, script, checksum, installed_by, execution_time, success) VALUES "
                    + "(999, '999', 'from a newer build', 'SQL', 'V999__newer.sql', 0, 'test', 0, true)");
        }
        Path second = Files.createTempFile("schema-guard-2", ".log");
        Process again = start(second);
        boolean exited = again.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            again.destroyForcibly();
        }
        String out = Files.readString(second);
        assertTrue(exited, "the service kept running on a newer schema:\n" + out);
        assertNotEquals(0, again.exitValue());
        assertTrue(out.contains("Validate failed"), out);
    }
}
