package io.cinemesh.library.scan.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scans this replica runs or was asked to run, with their progress, for {@code /activities}, the section's
 * {@code refreshing} flag and {@code updateQueueSize}. Scans on other replicas are seen through their advisory
 * locks (see {@code ScanLocks}).
 */
@ApplicationScoped
public class ScanTracker {

    /** One scan's progress; {@code total} is known after the compare phase. */
    public static final class Progress {
        public final UUID uuid = UUID.randomUUID();
        public final long sectionId;
        public final String sectionTitle;
        public final Instant requestedAt = Instant.now();
        public volatile String phase = "queued";
        public final AtomicInteger total = new AtomicInteger();
        public final AtomicInteger done = new AtomicInteger();
        volatile boolean again;

        Progress(long sectionId, String sectionTitle) {
            this.sectionId = sectionId;
            this.sectionTitle = sectionTitle;
        }

        public int remaining() {
            return Math.max(0, total.get() - done.get());
        }

        public int percent() {
            int t = total.get();
            return t == 0 ? 0 : Math.min(100, done.get() * 100 / t);
        }
    }

    private final Map<Long, Progress> scans = new ConcurrentHashMap<>();

    @Inject
    void metrics(MeterRegistry registry) {
        registry.gauge("cinemesh.library.scan.queue", scans,
                m -> m.values().stream().mapToInt(Progress::remaining).sum());
        registry.gauge("cinemesh.library.scans.running", scans, Map::size);
    }

    /** Registers a request; false when a scan of that section is already queued or running here. */
    synchronized boolean request(long sectionId, String title) {
        Progress fresh = new Progress(sectionId, title);
        Progress existing = scans.putIfAbsent(sectionId, fresh);
        if (existing != null) {
            existing.again = true;
            return false;
        }
        return true;
    }

    Progress get(long sectionId) {
        return scans.get(sectionId);
    }

    /**
     * Ends a scan; true when another was asked for meanwhile and should run now. Synchronized with
     * {@link #request}: a request landing as a scan ends either reruns it or starts a new one, never neither.
     */
    synchronized boolean finish(long sectionId) {
        Progress p = scans.get(sectionId);
        if (p != null && p.again) {
            p.again = false;
            p.total.set(0);
            p.done.set(0);
            return true;
        }
        scans.remove(sectionId);
        return false;
    }

    public List<Progress> active() {
        return List.copyOf(scans.values());
    }

    public boolean isActive(long sectionId) {
        return scans.containsKey(sectionId);
    }

    public int queueSize(long sectionId) {
        Progress p = scans.get(sectionId);
        return p == null ? 0 : Math.max(1, p.remaining());
    }
}
