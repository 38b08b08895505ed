package io.cinemesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** `kubectl kustomize`, when a kubectl binary is there: a second, independent rendering to compare with. */
public final class Kubectl {
    private Kubectl() {}

    /** The kubectl executable, or null when -Dcinemesh.kubectl=none or none is on the PATH. */
    public static String find() {
        String prop = System.getProperty("cinemesh.kubectl", "kubectl");
        if (prop.isBlank() || prop.equals("none")) {
            return null;
        }
        if (prop.contains("/")) {
            return Files.isExecutable(Path.of(prop)) ? prop : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, prop);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    public static List<JsonNode> kustomize(String kubectl, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(kubectl, "kustomize", dir.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kubectl kustomize " + dir + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return Yaml.readAll(new String(out, StandardCharsets.UTF_8), "kubectl kustomize " + dir);
    }
}
