package io.cinemesh.library.scan.service;

import io.cinemesh.library.scan.repository.ScanStore;
import io.cinemesh.library.scan.service.WalkPhase.Walked;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Phase 7, <b>artwork</b>: a frame of each new video, embedded cover art, {@code poster/folder/cover.jpg} beside
 * the media, stored as small JPEGs in PostgreSQL so every replica serves them; containers without their own
 * borrow a child's. Runs on the probe pool, many files at once.
 */
@ApplicationScoped
public class ArtworkPhase {

    private static final Logger LOG = Logger.getLogger(ArtworkPhase.class);

    @Inject
    ScanStore store;
    @Inject
    ArtworkMaker artwork;
    @Inject
    ScanWorkers workers;

    /** The artwork a stored file needs. */
    record Job(ScanStore.Stored stored, Walked file, ProbeResult probe, String sectionType) {
    }

    @WithSpan("scan.artwork")
    void make(long sectionId, List<Job> jobs) {
        List<CompletableFuture<Void>> art = new ArrayList<>();
        // The (container, folder) pairs whose artwork one of this scan's jobs has taken on, so twenty new episodes
        // in one season folder look for its image once, not twenty times in a race.
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        for (Job job : jobs) {
            art.add(workers.probes().runAsync(() -> make(job, claimed)));
        }
        art.forEach(f -> {
            try {
                f.join();
            } catch (RuntimeException e) {
                LOG.warnf("Artwork failed: %s", e.getMessage());
            }
        });
        store.inheritContainerArtwork(sectionId).await().indefinitely();
    }

    private void make(Job job, Set<String> claimed) {
        long itemId = job.stored().itemId();
        Path path = job.file().path();
        Path dir = path.getParent();
        switch (job.sectionType()) {
            case "movie", "show" -> {
                double at = job.probe().durationMs() == null ? 0
                        : Math.min(10.0, job.probe().durationMs() / 1000.0 / 3);
                if (job.sectionType().equals("movie")) {
                    List<Optional<byte[]>> frames = artwork.frames(path, at, 400, 960);
                    frames.get(0).ifPresent(b -> save(itemId, "thumb", "frame", b));
                    ArtworkMaker.folderImage(dir).flatMap(img -> artwork.image(img, 400))
                            .ifPresent(b -> save(itemId, "thumb", "folder", b));
                    frames.get(1).ifPresent(b -> save(itemId, "art", "frame", b));
                } else {
                    artwork.frame(path, at, 400).ifPresent(b -> save(itemId, "thumb", "frame", b));
                    List<Long> c = job.stored().containerIds();
                    if (!c.isEmpty()) {
                        // Show/Season N/file: the season folder's image for the season, the show folder's for
                        // the show.
                        saveFolderImage(c.get(c.size() - 1), dir, claimed);
                        if (c.size() > 1) {
                            saveFolderImage(c.get(0), dir.getParent(), claimed);
                        }
                    }
                }
            }
            case "artist" -> {
                List<Long> c = job.stored().containerIds();
                long album = c.get(c.size() - 1);
                if (claimed.add(album + "|" + dir) && !has(album)) {
                    Optional<byte[]> cover = job.probe().hasCoverArt() ? artwork.embeddedCover(path, 500)
                            : Optional.empty();
                    if (cover.isEmpty()) {
                        cover = ArtworkMaker.folderImage(dir).flatMap(img -> artwork.image(img, 500));
                    }
                    cover.ifPresent(b -> save(album, "thumb", "cover", b));
                }
                saveFolderImage(c.get(0), dir.getParent(), claimed);
            }
            default -> artwork.image(path, 400).ifPresent(b -> save(itemId, "thumb", "photo", b));
        }
    }

    private void saveFolderImage(long itemId, Path dir, Set<String> claimed) {
        if (dir == null || !claimed.add(itemId + "|" + dir) || has(itemId)) {
            return;
        }
        ArtworkMaker.folderImage(dir).flatMap(img -> artwork.image(img, 500))
                .ifPresent(b -> save(itemId, "thumb", "folder", b));
    }

    private boolean has(long itemId) {
        return store.hasArtwork(itemId, "thumb").await().indefinitely();
    }

    private void save(long itemId, String kind, String source, byte[] jpeg) {
        store.saveArtwork(itemId, kind, source, jpeg).await().indefinitely();
    }
}
