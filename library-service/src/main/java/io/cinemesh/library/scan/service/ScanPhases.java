package io.cinemesh.library.scan.service;

import io.cinemesh.events.EventTypes;
import io.cinemesh.events.ScanEvent;
import io.cinemesh.library.scan.repository.ScanSection;
import io.cinemesh.library.scan.repository.ScanStore;
import io.cinemesh.library.scan.service.WalkPhase.Walked;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What one scan of a section does, in phases (a span each, under the scan's):
 *
 * <ol>
 * <li><b>walk</b> ({@link WalkPhase}): each media file's path, size and modification time, and sidecar subtitles;
 * a missing folder ends the scan with nothing changed;</li>
 * <li><b>compare</b> with what is stored (path, size, mtime): unchanged files, including files recorded as broken,
 * are not read again, so a rescan with nothing changed runs no ffprobe;</li>
 * <li><b>probe, parse, store</b> ({@link ProbePhase}): ffprobe in parallel, names and tags into items, each file
 * stored in one transaction with its events;</li>
 * <li><b>drop</b> what vanished: its parts, leaves and the containers left empty, with {@code item.removed};</li>
 * <li><b>artwork</b> ({@link ArtworkPhase}): frames, covers and folder images, stored in PostgreSQL.</li>
 * </ol>
 *
 * <p>{@code scan.started} and {@code scan.finished} (with the counts) go to {@code library.events}; the phase and
 * the files done show in {@code /activities}.
 */
@ApplicationScoped
public class ScanPhases {

    private static final Logger LOG = Logger.getLogger(ScanPhases.class);

    @Inject
    ScanStore store;
    @Inject
    ScanTracker tracker;
    @Inject
    WalkPhase walk;
    @Inject
    ProbePhase probe;
    @Inject
    ArtworkPhase artwork;
    @Inject
    MeterRegistry registry;

    @WithSpan("scan")
    void run(ScanSection section) {
        Span.current().setAttribute("cinemesh.section", section.id());
        ScanTracker.Progress tracked = tracker.get(section.id());
        ScanProgress progress = new ScanProgress(tracked);
        long started = System.nanoTime();
        // The activity's uuid lets a notification listener pair the start with the finish, as /activities shows it.
        String activity = (tracked == null ? UUID.randomUUID() : tracked.uuid).toString();
        store.stageScanEvent(EventTypes.SCAN_STARTED, ScanEvent.started(section.id(), section.name(), activity))
                .await().indefinitely();

        progress.phase("walk");
        Optional<WalkPhase.Found> walked = walk.walk(section);
        if (walked.isEmpty()) {
            return;
        }
        Map<String, Walked> files = walked.get().media();

        progress.phase("compare");
        Map<String, ScanStore.Known> known = store.known(section.id()).await().indefinitely();
        List<Walked> toProbe = new ArrayList<>();
        for (Walked w : files.values()) {
            ScanStore.Known k = known.get(w.file());
            if (k == null || k.size() != w.size() || k.mtimeMs() != w.mtimeMs()) {
                toProbe.add(w);
            }
        }
        List<String> vanished = known.keySet().stream().filter(f -> !files.containsKey(f)).toList();
        progress.total(toProbe.size() + (vanished.isEmpty() ? 0 : 1));
        count("unchanged", files.size() - toProbe.size());

        progress.phase("probe");
        ProbePhase.Outcome stored = probe.probeAndStore(section, toProbe, known, walked.get().subtitles(),
                progress);
        count("added", stored.added());
        count("updated", stored.updated());
        count("broken", stored.broken());

        progress.phase("drop");
        int removed = 0;
        if (!vanished.isEmpty()) {
            removed = store.removeVanished(section.id(), vanished).await().indefinitely().size();
            count("removed", vanished.size());
            progress.done();
        }

        progress.phase("artwork");
        artwork.make(section.id(), stored.artwork());

        store.markScanned(section.id()).await().indefinitely();
        long ms = (System.nanoTime() - started) / 1_000_000;
        store.stageScanEvent(EventTypes.SCAN_FINISHED, new ScanEvent(section.id(), section.name(), activity,
                files.size(), stored.added(), stored.updated(), removed, stored.broken(), ms)).await().indefinitely();
        LOG.infof("Scanned section %d '%s': %d files, %d added, %d updated, %d removed, %d broken in %d ms",
                section.id(), section.name(), files.size(), stored.added(), stored.updated(), removed,
                stored.broken(), ms);
    }

    private void count(String result, int files) {
        registry.counter("cinemesh.library.scan.files", "result", result).increment(files);
    }
}
