package io.cinemesh.library.scan.service;

import io.cinemesh.library.scan.repository.ScanSections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs scans in the background, one section at a time on each replica and in the cluster: a scan holds its
 * section's lock ({@link ScanSections}) for its whole duration, and a scan asked for while one of the same section
 * runs here is run once more after it ({@link ScanTracker}). What a scan does is {@link ScanPhases}.
 */
@ApplicationScoped
public class LibraryScanner {

    private static final Logger LOG = Logger.getLogger(LibraryScanner.class);

    @Inject
    ScanSections sections;
    @Inject
    ScanTracker tracker;
    @Inject
    ScanWorkers workers;
    @Inject
    ScanPhases phases;
    @Inject
    MeterRegistry registry;

    /** Set when the service stops: a scan asked for then (the periodic one, a folder change) is not started. */
    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent ev) {
        stopping = true;
    }

    /** Asks for a scan; it runs in the background. Returns at once. */
    public void request(long sectionId, String sectionTitle) {
        if (stopping) {
            LOG.debugf("Not scanning section %d: the service is stopping", sectionId);
            return;
        }
        if (tracker.request(sectionId, sectionTitle)) {
            try {
                workers.scans().runAsync(() -> runUntilSettled(sectionId));
            } catch (RejectedExecutionException stopped) {
                LOG.debugf("Not scanning section %d: the service is stopping", sectionId);
            }
        }
    }

    /** Sections being scanned anywhere in the cluster (their locks) or queued on this replica. */
    public Uni<Set<Long>> scanningSections() {
        return sections.locked().map(ids -> {
            tracker.active().forEach(p -> ids.add(p.sectionId));
            return ids;
        });
    }

    private void runUntilSettled(long sectionId) {
        do {
            try {
                scan(sectionId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Scan of section %d failed", sectionId);
            }
        } while (tracker.finish(sectionId));
    }

    /** Scans now on the calling (worker) thread; false when another replica holds the section's lock. */
    boolean scan(long sectionId) {
        Optional<ScanSections.Lock> lock = sections.tryLock(sectionId);
        if (lock.isEmpty()) {
            LOG.infof("Section %d is being scanned by another replica; skipping", sectionId);
            return false;
        }
        try (ScanSections.Lock held = lock.get()) {
            sections.find(sectionId).ifPresent(section -> {
                Timer.Sample sample = Timer.start(registry);
                phases.run(section);
                sample.stop(registry.timer("cinemesh.library.scan.duration", "sectionType", section.type()));
            });
            return true;
        }
    }
}
