package io.cinemesh.media;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way a service starts a child process (ffmpeg, ffprobe, kill). A child inherits the service's whole
 * environment by default, and that environment holds the token secret, the owner's token and the database
 * password; ffmpeg needs none of it, and anything a child can read a crafted media file or filter may be able to
 * leak. So a child gets a cleared environment with only {@link #PASSED} (as the service has them) and a UTF-8
 * locale when the service sets none.
 */
public final class MediaProcesses {

    /**
     * What a child may see: where to find binaries, the locale (subtitle text), and HOME/TMPDIR, which fontconfig
     * (subtitle burning) and ffmpeg's temporary files fall back on.
     */
    public static final Set<String> PASSED = Set.of("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR");
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final String DEFAULT_LOCALE = "C.UTF-8";

    private MediaProcesses() {
    }

    /** A builder for {@code command} whose environment is {@link #environment()}; redirects are the caller's. */
    public static ProcessBuilder builder(List<String> command) {
        ProcessBuilder b = new ProcessBuilder(command);
        Map<String, String> env = b.environment();
        env.clear();
        env.putAll(environment());
        return b;
    }

    public static ProcessBuilder builder(String... command) {
        return builder(List.of(command));
    }

    /** The environment a child gets, from this process's own. */
    public static Map<String, String> environment() {
        return environment(System.getenv());
    }

    static Map<String, String> environment(Map<String, String> parent) {
        Map<String, String> env = new java.util.HashMap<>();
        for (String name : PASSED) {
            String v = parent.get(name);
            if (v != null && !v.isEmpty()) {
                env.put(name, v);
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.putIfAbsent("LANG", DEFAULT_LOCALE);
        return Map.copyOf(env);
    }
}
