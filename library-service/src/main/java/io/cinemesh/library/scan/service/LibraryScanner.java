package io.cinemesh.library.scan.service;

import io.cinemesh.events.EventTypes;
import io.cinemesh.events.ScanEvent;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.scan.repository.ScanStore;
import io.cinemesh.library.section.service.MediaRoot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Scans a section's folders into items, in phases:
 *
 * <ol>
 * <li><b>walk</b> every folder of the section (hidden files skipped, symlinks not followed) and note each media
 * file's relative path, size and modification time, plus sidecar subtitles and images;</li>
 * <li><b>compare</b> with what is stored (path, size, mtime): unchanged files, including files recorded as broken,
 * are not read again, so a rescan with nothing changed runs no ffprobe;</li>
 * <li><b>probe</b> new and changed files with {@code ffprobe -show_format -show_streams}, in parallel, bounded by
 * the number of cores; a file ffprobe cannot read is recorded in {@code scan_failure} and skipped;</li>
 * <li><b>parse</b> names and tags into items ({@link NameParser});</li>
 * <li><b>store</b> each file in one transaction with its {@code item.added/updated} events (outbox);</li>
 * <li><b>drop</b> what vanished: its parts, leaves and the containers left empty, with {@code item.removed};</li>
 * <li><b>artwork</b>: a frame of each new video, embedded cover art, {@code poster/folder/cover.jpg} beside the
 * media, stored as small JPEGs in PostgreSQL so every replica serves them; containers without their own borrow a
 * child's.</li>
 * </ol>
 *
 * <p>Several replicas run this class: a scan holds a PostgreSQL advisory lock on its section for its whole
 * duration, so one section is scanned by one replica at a time, and a replica that dies releases it with its
 * connection. {@code scan.started}/{@code scan.finished} go to {@code library.events}.
 */
@ApplicationScoped
public class LibraryScanner {

    private static final Logger LOG = Logger.getLogger(LibraryScanner.class);

    /** First key of the two-int advisory lock; the second is the section id. */
    public static final int LOCK_CLASS = 0x5ca7;

    static final Set<String> VIDEO = Set.of("mp4", "m4v", "mkv", "mov", "avi", "ts", "m2ts", "webm", "wmv", "mpg",
            "mpeg", "flv", "ogv");
    static final Set<String> AUDIO = Set.of("mp3", "flac", "m4a", "aac", "ogg", "oga", "opus", "wav", "wma", "alac",
            "aiff", "ape", "wv");
    static final Set<String> PHOTO = Set.of("jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "heic");
    static final Set<String> SUBTITLES = Set.of("srt", "vtt", "ass", "ssa");

    @Inject
    Pool pool;
    @Inject
    ScanStore store;
    @Inject
    Ffprobe ffprobe;
    @Inject
    ArtworkMaker artwork;
    @Inject
    MediaRoot mediaRoot;
    @Inject
    ScanTracker tracker;
    @Inject
    MeterRegistry registry;
    @Inject
    FolderWatcher folders;

    @ConfigProperty(name = "cinemesh.library.scan.probe-threads", defaultValue = "0")
    int probeThreads;

    private ExecutorService scans;
    private ExecutorService probes;
    /** Set when the service stops: a scan asked for then (the periodic one, a folder change) is not started. */
    private volatile boolean stopping;

    private ExecutorService scans() {
        if (scans == null) {
            synchronized (this) {
                if (scans == null) {
                    int n = probeThreads > 0 ? probeThreads : Runtime.getRuntime().availableProcessors();
                    probes = Executors.newFixedThreadPool(n, named("library-probe"));
                    scans = Executors.newFixedThreadPool(2, named("library-scan"));
                }
            }
        }
        return scans;
    }

    void stop(@Observes ShutdownEvent ev) {
        stopping = true;
        if (scans != null) {
            scans.shutdownNow();
            probes.shutdownNow();
        }
    }

    /** A file found by the walk. */
    record Walked(String file, Path path, String relativeToLocation, long size, long mtimeMs) {
    }

    record Section(long id, String name, String type, List<String> locations) {
    }

    /** Asks for a scan; it runs in the background. Returns at once. */
    public void request(long sectionId, String sectionTitle) {
        if (stopping) {
            LOG.debugf("Not scanning section %d: the service is stopping", sectionId);
            return;
        }
        if (tracker.request(sectionId, sectionTitle)) {
            try {
                CompletableFuture.runAsync(() -> runUntilSettled(sectionId), scans());
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                LOG.debugf("Not scanning section %d: the service is stopping", sectionId);
            }
        }
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
        SqlConnection lockConn = pool.getConnection().await().indefinitely();
        try {
            boolean locked = lockConn.preparedQuery("SELECT pg_try_advisory_lock($1, $2) AS ok")
                    .execute(Tuple.of(LOCK_CLASS, (int) sectionId)).await().indefinitely().iterator().next()
                    .getBoolean("ok");
            if (!locked) {
                LOG.infof("Section %d is being scanned by another replica; skipping", sectionId);
                return false;
            }
            try {
                Optional<Section> section = section(sectionId);
                if (section.isPresent()) {
                    Timer.Sample sample = Timer.start(registry);
                    runPhases(section.get());
                    sample.stop(registry.timer("cinemesh.library.scan.duration", "sectionType",
                            section.get().type()));
                }
                return true;
            } finally {
                lockConn.preparedQuery("SELECT pg_advisory_unlock($1, $2)")
                        .execute(Tuple.of(LOCK_CLASS, (int) sectionId)).await().indefinitely();
            }
        } finally {
            lockConn.close().await().indefinitely();
        }
    }

    private Optional<Section> section(long id) {
        var rows = pool.preparedQuery("SELECT s.id, s.name, s.type, array_remove(array_agg(l.path ORDER BY l.id), "
                        + "NULL) AS paths FROM section s LEFT JOIN section_location l ON l.section_id = s.id "
                        + "WHERE s.id = $1 GROUP BY s.id")
                .execute(Tuple.of(id)).await().indefinitely();
        if (rows.rowCount() == 0) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        return Optional.of(new Section(r.getLong("id"), r.getString("name"), r.getString("type"),
                List.of(r.getArrayOfStrings("paths"))));
    }

    private void runPhases(Section section) {
        ScanTracker.Progress progress = tracker.get(section.id());
        Progress p = progress == null ? new Progress(null) : new Progress(progress);
        long started = System.nanoTime();
        // The activity's uuid lets a notification listener pair the start with the finish, as /activities shows it.
        String activity = (progress == null ? UUID.randomUUID() : progress.uuid).toString();
        store.stageScanEvent(EventTypes.SCAN_STARTED, ScanEvent.started(section.id(), section.name(), activity))
                .await().indefinitely();

        // 1. walk
        p.phase("walk");
        Map<String, Walked> walked = new LinkedHashMap<>();
        Map<String, List<String[]>> subtitles = new HashMap<>();
        for (String location : section.locations()) {
            Optional<Path> dir = mediaRoot.resolve(location);
            if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
                LOG.warnf("Section %d folder '%s' is missing; its items are kept until it is back", section.id(),
                        location);
                // A missing folder (unmounted share) must not look like every file was deleted.
                return;
            }
            walk(section, dir.get(), walked, subtitles);
        }

        // 2. compare
        p.phase("compare");
        Map<String, ScanStore.Known> known = store.known(section.id()).await().indefinitely();
        List<Walked> toProbe = new ArrayList<>();
        for (Walked w : walked.values()) {
            ScanStore.Known k = known.get(w.file());
            if (k == null || k.size() != w.size() || k.mtimeMs() != w.mtimeMs()) {
                toProbe.add(w);
            }
        }
        List<String> vanished = known.keySet().stream().filter(f -> !walked.containsKey(f)).toList();
        p.total(toProbe.size() + (vanished.isEmpty() ? 0 : 1));
        registry.counter("cinemesh.library.scan.files", "result", "unchanged")
                .increment(walked.size() - toProbe.size());

        // 3-5. probe in parallel, then parse and store each as its probe completes
        p.phase("probe");
        List<CompletableFuture<Object>> probed = new ArrayList<>();
        for (Walked w : toProbe) {
            probed.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return (Object) ffprobe.probe(w.path());
                } catch (Ffprobe.ProbeException e) {
                    return e;
                }
            }, probes));
        }
        List<ArtworkJob> jobs = new ArrayList<>();
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
                    store.recordFailure(section.id(), w.file(), w.size(), w.mtimeMs(), e.getMessage())
                            .await().indefinitely();
                    continue;
                }
                ProbeResult probe = (ProbeResult) result;
                if (section.type().equals("photo") ? false : probe.firstVideo() == null && probe.firstAudio() == null) {
                    broken++;
                    store.recordFailure(section.id(), w.file(), w.size(), w.mtimeMs(), "no audio or video stream")
                            .await().indefinitely();
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
                jobs.add(new ArtworkJob(stored, w, probe, section.type()));
            } catch (RuntimeException e) {
                broken++;
                LOG.warnf(e, "Could not store %s", w.file());
                store.recordFailure(section.id(), w.file(), w.size(), w.mtimeMs(), "could not store: "
                        + e.getMessage()).await().indefinitely();
            } finally {
                p.done();
            }
        }
        registry.counter("cinemesh.library.scan.files", "result", "added").increment(added);
        registry.counter("cinemesh.library.scan.files", "result", "updated").increment(updated);
        registry.counter("cinemesh.library.scan.files", "result", "broken").increment(broken);

        // 6. drop what vanished
        p.phase("drop");
        int removed = 0;
        if (!vanished.isEmpty()) {
            removed = store.removeVanished(section.id(), vanished).await().indefinitely().size();
            registry.counter("cinemesh.library.scan.files", "result", "removed").increment(vanished.size());
            p.done();
        }

        // 7. artwork
        p.phase("artwork");
        List<CompletableFuture<Void>> art = new ArrayList<>();
        Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (ArtworkJob job : jobs) {
            art.add(CompletableFuture.runAsync(() -> makeArtwork(job, claimed), probes));
        }
        art.forEach(f -> {
            try {
                f.join();
            } catch (RuntimeException e) {
                LOG.warnf("Artwork failed: %s", e.getMessage());
            }
        });
        store.inheritContainerArtwork(section.id()).await().indefinitely();

        store.markScanned(section.id()).await().indefinitely();
        long ms = (System.nanoTime() - started) / 1_000_000;
        store.stageScanEvent(EventTypes.SCAN_FINISHED, new ScanEvent(section.id(), section.name(), activity,
                walked.size(), added, updated, removed, broken, ms)).await().indefinitely();
        LOG.infof("Scanned section %d '%s': %d files, %d added, %d updated, %d removed, %d broken in %d ms",
                section.id(), section.name(), walked.size(), added, updated, removed, broken, ms);
    }

    private void walk(Section section, Path dir, Map<String, Walked> walked, Map<String, List<String[]>> subtitles) {
        Set<String> wanted = switch (section.type()) {
            case "movie", "show" -> VIDEO;
            case "artist" -> AUDIO;
            default -> PHOTO;
        };
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.forEach(path -> {
                Path rel = dir.relativize(path);
                for (Path part : rel) {
                    if (part.toString().startsWith(".")) {
                        return;
                    }
                }
                String name = path.getFileName().toString();
                String ext = NameParser.extension(name);
                try {
                    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (attrs.isDirectory()) {
                        // Registered as it is reached, before its entries are listed: nothing copied in is missed.
                        folders.watch(path, section.id());
                        return;
                    }
                    if (!attrs.isRegularFile()) {
                        return;
                    }
                    String file = mediaRoot.relative(path);
                    if (SUBTITLES.contains(ext) && !section.type().equals("photo")) {
                        // Movie.en.srt belongs to Movie.mp4: key by the video's name without extension.
                        String stem = NameParser.stripExtension(file);
                        String lang = null;
                        String inner = NameParser.extension(stem);
                        if (inner.length() == 2 || inner.length() == 3) {
                            lang = inner;
                            stem = NameParser.stripExtension(stem);
                        }
                        subtitles.computeIfAbsent(stem, k -> new ArrayList<>()).add(new String[] {file, ext, lang});
                        return;
                    }
                    if (!wanted.contains(ext)) {
                        return;
                    }
                    if (section.type().equals("photo") || !ArtworkMaker.FOLDER_IMAGES.contains(
                            name.toLowerCase(Locale.ROOT))) {
                        walked.put(file, new Walked(file, path, rel.toString().replace('\\', '/'), attrs.size(),
                                attrs.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    LOG.warnf("Cannot read %s: %s", path, e.getMessage());
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warnf("Walking %s stopped early: %s", dir, e.getMessage());
        }
    }

    record ArtworkJob(ScanStore.Stored stored, Walked file, ProbeResult probe, String sectionType) {
    }

    /**
     * Runs on the probe pool, many at once. {@code claimed} holds the (container, folder) pairs whose artwork one
     * of this scan's jobs has taken on, so twenty new episodes in one season folder look for its image once, not
     * twenty times in a race.
     */
    private void makeArtwork(ArtworkJob job, Set<String> claimed) {
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

    static String container(String file) {
        String ext = NameParser.extension(file);
        return switch (ext) {
            case "m4v" -> "mp4";
            case "jpg" -> "jpeg";
            case "mpg" -> "mpeg";
            default -> ext;
        };
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Progress updates that tolerate a scan started without a tracker entry (the scheduler's own call). */
    private record Progress(ScanTracker.Progress tracked) {
        void phase(String phase) {
            if (tracked != null) {
                tracked.phase = phase;
            }
        }

        void total(int total) {
            if (tracked != null) {
                tracked.total.set(total);
            }
        }

        void done() {
            if (tracked != null) {
                tracked.done.incrementAndGet();
            }
        }
    }

    /** Sections being scanned anywhere in the cluster (their advisory locks) or queued on this replica. */
    public io.smallrye.mutiny.Uni<Set<Long>> scanningSections() {
        return pool.preparedQuery("SELECT objid::bigint AS section_id FROM pg_locks WHERE locktype = 'advisory' "
                        + "AND classid::bigint = $1 AND objsubid = 2 AND granted")
                .execute(Tuple.of((long) LOCK_CLASS)).map(rows -> {
                    Set<Long> ids = new java.util.HashSet<>();
                    rows.forEach(r -> ids.add(r.getLong("section_id")));
                    tracker.active().forEach(p -> ids.add(p.sectionId));
                    return ids;
                });
    }
}
