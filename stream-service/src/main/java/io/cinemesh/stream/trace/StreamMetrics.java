package io.cinemesh.stream.trace;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The stream numbers an SRE watches: active streams by decision, bytes out, transcode speed, ffmpeg failures. */
@ApplicationScoped
public class StreamMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();

    /** Sets the number of active streams (cluster-wide, from the session table) for one decision. */
    public void activeStreams(String decision, long count) {
        active.computeIfAbsent(decision, d -> registry.gauge("cinemesh.streams.active",
                io.micrometer.core.instrument.Tags.of("decision", d), new AtomicLong())).set(count);
    }

    public void bytesServed(String kind, long bytes) {
        Counter.builder("cinemesh.stream.bytes.served").baseUnit("bytes").tag("kind", kind).register(registry)
                .increment(bytes);
    }

    /** Seconds of media produced per second of wall time, as ffmpeg reports it. */
    public void transcodeSpeed(String decision, double speed) {
        DistributionSummary.builder("cinemesh.transcode.speed").tag("decision", decision).register(registry)
                .record(speed);
    }

    public void ffmpegFailure(String decision) {
        Counter.builder("cinemesh.ffmpeg.failures").tag("decision", decision).register(registry).increment();
    }

    public void ffmpegStarted(String decision) {
        Counter.builder("cinemesh.ffmpeg.jobs").tag("decision", decision).register(registry).increment();
    }
}
