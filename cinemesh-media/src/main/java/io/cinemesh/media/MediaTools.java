package io.cinemesh.media;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a service runs ffmpeg or ffprobe: the scanner's probes and artwork, key frames and subtitles for
 * streams, photo resizes. Each run gets the configured binary, a minimal environment ({@link MediaProcesses}), a
 * timeout that also holds while its output is being read, its stderr kept for the reason, a span and a timer
 * ({@code cinemesh.media.runs}, by tool, purpose and outcome).
 */
@ApplicationScoped
public class MediaTools {

    private final MediaConfig config;
    private final Tracer tracer;
    private final MeterRegistry registry;

    @Inject
    public MediaTools(MediaConfig config, Tracer tracer, MeterRegistry registry) {
        this.config = config;
        this.tracer = tracer;
        this.registry = registry;
    }

    /** Runner for code outside CDI (tools, unit tests): no spans; runs are timed in {@code registry}. */
    public static MediaTools standalone(String ffmpeg, String ffprobe, MeterRegistry registry) {
        MediaConfig config = new MediaConfig() {
            @Override
            public java.util.Optional<String> root() {
                return java.util.Optional.empty();
            }

            @Override
            public String ffmpeg() {
                return ffmpeg;
            }

            @Override
            public String ffprobe() {
                return ffprobe;
            }
        };
        return new MediaTools(config, io.opentelemetry.api.OpenTelemetry.noop().getTracer("cinemesh-media"),
                registry);
    }

    /**
     * An ffmpeg run for {@code purpose} (a short name, for spans and metrics) with {@code args} after ffmpeg's own
     * quiet flags; reading from standard input only when {@link MediaRun#stdin} is given.
     */
    public MediaRun ffmpeg(String purpose, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(config.ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error"));
        cmd.addAll(args);
        return new MediaRun("ffmpeg", purpose, cmd, tracer, registry);
    }

    /** An ffprobe run for {@code purpose} with {@code args} after ffprobe's quiet flags. */
    public MediaRun ffprobe(String purpose, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(config.ffprobe(), "-hide_banner", "-v", "error"));
        cmd.addAll(args);
        return new MediaRun("ffprobe", purpose, cmd, tracer, registry);
    }
}
