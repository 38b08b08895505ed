package io.cinemesh.library.scan.service;

import io.cinemesh.library.scan.repository.ScanSection;
import io.cinemesh.library.scan.repository.ScanStore;
import io.cinemesh.library.scan.service.WalkPhase.Walked;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Phases 3 to 5, <b>probe, parse, store</b>: new and changed files go through {@code ffprobe} in parallel, bounded
 * by the probe pool; as each probe completes, in walk order, its names and tags become items ({@link NameParser})
 * and it is stored in one transaction with its {@code item.added/updated} events. A file ffprobe cannot read, or
 * without an audio or video stream, is recorded in {@code scan_failure} and skipped until it changes.
 */
@ApplicationScoped
public class ProbePhase {

    private static final Logger LOG = Logger.getLogger(ProbePhase.class);

    @Inject
    ScanStore store;
    @Inject
    Ffprobe ffprobe;
    @Inject
    ScanWorkers workers;

    /** What was stored, and the artwork each stored file still needs. */
    record Outcome(int added, int updated, int broken, List<ArtworkPhase.Job> artwork) {
    }

    @WithSpan("scan.probe")
    Outcome probeAndStore(ScanSection section, List<Walked> toProbe, Map<String, ScanStore.Known> known,
            Map<String, List<String[]>> subtitles, ScanProgress progress) {
        List<CompletableFuture<Object>> probed = new ArrayList<>();
        for (Walked w : toProbe) {
            probed.add(workers.probes().supplyAsync(() -> {
                try {
                    return (Object) ffprobe.probe(w.path());
                } catch (Ffprobe.ProbeException e) {
                    return e;
                }
            }));
        }
        List<ArtworkPhase.Job> jobs = new ArrayList<>();
        int added = 0;
        int updated = 0;
        int broken = 0;
        for (int i = 0; i < toProbe.size(); i++) {
            Walked w = toProbe.get(i);
            Object result = probed.get(i).join();
            ScanStore.Known k = known.get(w.file());
            try {
                if (result instanceof Ffprobe.ProbeException e) {
                    broken++;
                    LOG.warnf("Skipping %s: %s", w.file(), e.getMessage());
                    failed(section, w, e.getMessage());
                    continue;
                }
                ProbeResult probe = (ProbeResult) result;
                if (!section.type().equals("photo") && probe.firstVideo() == null && probe.firstAudio() == null) {
                    broken++;
                    failed(section, w, "no audio or video stream");
                    continue;
                }
                ParsedMedia parsed = NameParser.parse(section.type(), w.relativeToLocation(), probe);
                ScanStore.Stored stored = store.store(section.id(), w.file(), w.size(), w.mtimeMs(),
                        container(w.file()), probe, parsed, k == null ? null : k.partId(),
                        subtitles.getOrDefault(NameParser.stripExtension(w.file()), List.of()))
                        .await().indefinitely();
                if (stored.added()) {
                    added++;
                } else {
                    updated++;
                }
                jobs.add(new ArtworkPhase.Job(stored, w, probe, section.type()));
            } catch (RuntimeException e) {
                broken++;
                LOG.warnf(e, "Could not store %s", w.file());
                failed(section, w, "could not store: " + e.getMessage());
            } finally {
                progress.done();
            }
        }
        return new Outcome(added, updated, broken, jobs);
    }

    private void failed(ScanSection section, Walked w, String why) {
        store.recordFailure(section.id(), w.file(), w.size(), w.mtimeMs(), why).await().indefinitely();
    }

    /** The container name PMS uses for a file's extension. */
    static String container(String file) {
        String ext = NameParser.extension(file);
        return switch (ext) {
            case "m4v" -> "mp4";
            case "jpg" -> "jpeg";
            case "mpg" -> "mpeg";
            default -> ext;
        };
    }
}
