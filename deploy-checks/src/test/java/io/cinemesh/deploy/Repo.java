package io.cinemesh.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The repository under check and what it renders to: every kustomization an operator applies. */
public final class Repo {
    private static final Map<String, List<Doc>> CACHE = new ConcurrentHashMap<>();

    private Repo() {}

    public static Path root() {
        String p = System.getProperty("cinemesh.repo.root");
        Path root = p != null ? Paths.get(p) : Paths.get("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("k8s")) || !Files.isDirectory(root.resolve("istio"))) {
            throw new IllegalStateException(root + " is not the Cinemesh repository (no k8s/ and istio/)");
        }
        return root;
    }

    /**
     * Everything an operator applies, relative to the root: k8s/base, k8s/overlays/*, istio/base, istio/split/*,
     * istio/examples/*.
     */
    public static List<String> renderTargets() {
        List<String> out = new ArrayList<>();
        out.add("k8s/base");
        out.addAll(children("k8s/overlays"));
        out.add("istio/base");
        out.addAll(children("istio/split"));
        out.addAll(children("istio/examples"));
        return out;
    }

    public static List<String> k8sTargets() {
        return renderTargets().stream().filter(t -> t.startsWith("k8s/")).toList();
    }

    public static List<String> istioTargets() {
        return renderTargets().stream().filter(t -> t.startsWith("istio/")).toList();
    }

    private static List<String> children(String dir) {
        Path d = root().resolve(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isDirectory).map(p -> dir + "/" + p.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java rendering of one target (cached; callers that change documents must deep-copy them). */
    public static List<Doc> render(String target) {
        return CACHE.computeIfAbsent(target, t -> new Kustomize(root()).render(root().resolve(t)));
    }

    public static List<Doc> copy(List<Doc> docs) {
        return docs.stream().map(Doc::deepCopy).toList();
    }

    /** The application.properties of each service module present in the repository: module name to file. */
    public static Map<String, Path> serviceProperties(Path root) {
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).sorted().forEach(m -> {
                Path p = m.resolve("src/main/resources/application.properties");
                if (Files.isRegularFile(p)) {
                    out.put(m.getFileName().toString(), p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
