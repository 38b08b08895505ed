package io.cinemesh.library.scan.service;

import io.cinemesh.library.scan.config.ScanConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * The scanner's threads: a few for whole scans (each blocks for as long as its section takes) and a bounded pool
 * for ffprobe, ffmpeg and image work, sized to the cores. Managed executors, so a scan's trace context follows it
 * into its phases, and both stop with the service.
 */
@ApplicationScoped
public class ScanWorkers {

    private static final Logger LOG = Logger.getLogger(ScanWorkers.class);

    @Inject
    ScanConfig config;

    private ManagedExecutor scans;
    private ManagedExecutor probes;

    public synchronized ManagedExecutor scans() {
        if (scans == null) {
            scans = ManagedExecutor.builder().maxAsync(2).build();
        }
        return scans;
    }

    public synchronized ManagedExecutor probes() {
        if (probes == null) {
            int n = config.probeThreads() > 0 ? config.probeThreads() : Runtime.getRuntime().availableProcessors();
            probes = ManagedExecutor.builder().maxAsync(n).build();
        }
        return probes;
    }

    synchronized void stop(@Observes ShutdownEvent ev) {
        for (ManagedExecutor e : new ManagedExecutor[] {scans, probes}) {
            if (e != null) {
                LOG.debugf("Stopping %d scan tasks", e.shutdownNow().size());
            }
        }
    }
}
