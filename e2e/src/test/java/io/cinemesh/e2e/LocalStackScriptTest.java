package io.cinemesh.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of ./cinemesh (scripts/stack/*.sh) on their own: the stand-in for the mesh that `up --replicas N`
 * writes is a configuration HAProxy accepts, with the balancing, the hashing and the panic entries the fault
 * suite relies on, and a bad replica count is refused with a message.
 */
class LocalStackScriptTest {

    static final Path PARTS = Path.of("..", "scripts", "stack").toAbsolutePath().normalize();

    @TempDir
    Path data;

    record Run(int status, String output) {
    }

    /** Sources the common part and the replicas part, and runs {@code commands} with the data folder set. */
    Run run(String commands) throws Exception {
        String script = "source \"$1/common.sh\"; source \"$1/replicas.sh\"; CINEMESH_DATA=$2; " + commands;
        Process p = new ProcessBuilder("bash", "-c", script, "parts", PARTS.toString(), data.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
        return new Run(p.exitValue(), out);
    }

    @Test
    void theBalancerForTwoReplicasIsOneHaproxyAccepts() throws Exception {
        Path cfg = data.resolve("haproxy.cfg");
        Run written = run("set_replicas 2 && haproxy_config > \"$2/haproxy.cfg\"");
        assertEquals(0, written.status(), written.output());
        String config = Files.readString(cfg);

        Process check = new ProcessBuilder("haproxy", "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), checked + "\n" + config);

        // Clients reach the gateway from the network; the services' own ports stay on the machine.
        assertTrue(config.contains("frontend fe_gateway\n  bind :32400\n"), config);
        assertTrue(config.contains("frontend fe_stream_service\n  bind 127.0.0.1:8082\n"), config);
        // stream-service hashes on the transcode session, as the DestinationRule does; the rest take turns.
        String stream = section(config, "backend be_stream_service");
        assertTrue(stream.contains("balance hash var(txn.sid)") && stream.contains("hash-type consistent"), stream);
        assertTrue(section(config, "backend be_library_service").contains("balance roundrobin"), config);
        for (String backend : List.of("gateway", "library_service", "stream_service", "user_service")) {
            String b = section(config, "backend be_" + backend);
            // Replica k on its base port + 10·k, checked on its management port + 100·k...
            assertEquals(2, b.lines().filter(l -> l.matches("  server r[12] 127\\.0\\.0\\.1:\\d+ id [12] port \\d+"))
                    .count(), b);
            // ...and the unchecked backup entries that keep one replica in when every one is ejected.
            assertEquals(2, b.lines().filter(l -> l.matches("  server b[12] 127\\.0\\.0\\.1:\\d+ id 10[12] backup "
                    + "no-check")).count(), b);
        }
        assertTrue(config.contains("option allbackups"), config);
    }

    @Test
    void aReplicaCountOutsideOneToNineIsRefused() throws Exception {
        for (String n : List.of("0", "10", "two")) {
            Run refused = run("set_replicas " + n + "; echo still running");
            assertEquals(1, refused.status(), refused.output());
            assertTrue(refused.output().contains("--replicas (CINEMESH_REPLICAS) wants a number from 1 to 9, got '"
                    + n + "'"), refused.output());
        }
    }

    /** From {@code header} to the next unindented line. */
    static String section(String config, String header) {
        // At a line's start: "default_backend be_x" must not count as "backend be_x".
        int start = config.indexOf("\n" + header + "\n") + 1;
        assertTrue(start > 0, header + " is missing:\n" + config);
        int end = start + header.length() + 1;
        while (end < config.length() && (config.charAt(end) == ' ' || config.charAt(end) == '#')) {
            end = config.indexOf('\n', end) + 1;
            if (end == 0) {
                end = config.length();
            }
        }
        return config.substring(start, end);
    }
}
