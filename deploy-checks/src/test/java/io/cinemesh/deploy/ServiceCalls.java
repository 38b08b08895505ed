package io.cinemesh.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who calls whom, as the services configure it: a property {@code cinemesh.upstream.<service>.url} (in any
 * profile, e.g. {@code %prod.cinemesh.upstream.user-service.url}) in {@code <module>/src/main/resources/
 * application.properties} means module calls service.
 */
public final class ServiceCalls {
    private static final Pattern KEY = Pattern.compile("^(?:%[^.]+\\.)?cinemesh\\.upstream\\.([a-z0-9-]+)\\.url$");

    private ServiceCalls() {}

    /** The services one application.properties calls. */
    public static Set<String> callees(Path properties) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(properties)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(properties + ": cannot read", e);
        }
        Set<String> out = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            Matcher m = KEY.matcher(key.trim());
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Caller to callees for every module under root that has an application.properties. */
    public static Map<String, Set<String>> fromRepo(Path root) {
        Map<String, Set<String>> out = new TreeMap<>();
        Repo.serviceProperties(root).forEach((module, file) -> out.put(module, callees(file)));
        return out;
    }

    /**
     * The calls to check the AuthorizationPolicies against, for the given services: each service's own
     * application.properties when the repository has it; the documented calls (DESIGN.md, in
     * documented-calls.properties) for a service whose module is not there yet. Notes which source each used.
     */
    public static Map<String, Set<String>> forServices(Path root, Set<String> services, StringBuilder notes) {
        Map<String, Set<String>> fromRepo = fromRepo(root);
        Map<String, Set<String>> documented = documented();
        Map<String, Set<String>> out = new TreeMap<>();
        for (String s : services) {
            if (fromRepo.containsKey(s)) {
                out.put(s, fromRepo.get(s));
                notes.append(s).append(": calls ").append(fromRepo.get(s)).append(" from ").append(s)
                        .append("/src/main/resources/application.properties\n");
            } else {
                out.put(s, documented.getOrDefault(s, Set.of()));
                notes.append(s).append(": no application.properties in the repository yet; using the documented calls ")
                        .append(out.get(s)).append("\n");
            }
        }
        return out;
    }

    public static Map<String, Set<String>> documented() {
        Properties p = new Properties();
        try (var in = ServiceCalls.class.getResourceAsStream("/documented-calls.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("documented-calls.properties is missing", e);
        }
        Map<String, Set<String>> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            Set<String> v = new TreeSet<>();
            for (String c : p.getProperty(k).split(",")) {
                if (!c.isBlank()) v.add(c.trim());
            }
            out.put(k, v);
        }
        return out;
    }
}
