package io.cinemesh.library.scan.service;

import io.cinemesh.library.scan.config.ScanConfig;
import io.cinemesh.library.scan.repository.ScanSections;
import io.cinemesh.library.section.service.MediaRoot;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Change notification for section folders where the file system gives it (local disks; not NFS or SMB, which the
 * periodic rescan covers). Every folder a scan walks is registered here, so a new section, a changed location or a
 * folder made since the last scan is watched without a separate registration step; a folder created between scans
 * is registered the moment its creation is seen, so files copied into it are not missed.
 *
 * <p>It only records which sections changed and when; {@link ScanScheduler} turns quiet sections into scans.
 */
@ApplicationScoped
public class FolderWatcher {

    private static final Logger LOG = Logger.getLogger(FolderWatcher.class);

    @Inject
    ScanSections sections;
    @Inject
    MediaRoot mediaRoot;

    @Inject
    ScanConfig config;

    private final Map<WatchKey, Long> sectionOf = new ConcurrentHashMap<>();
    private final Map<Long, Long> changedAt = new ConcurrentHashMap<>();
    private volatile WatchService watcher;

    void start(@Observes StartupEvent ev) {
        if (!config.watch()) {
            return;
        }
        try {
            watcher = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.infof("No file watcher here (%s); relying on the periodic rescan", e.getMessage());
            return;
        }
        Thread loop = new Thread(() -> {
            watchExistingSections();
            loop();
        }, "library-watch");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent ev) throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Watches one folder of a section (not its subfolders); a no-op when there is no watcher. */
    public void watch(Path dir, long sectionId) {
        WatchService w = watcher;
        if (w == null) {
            return;
        }
        try {
            sectionOf.put(dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY), sectionId);
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debugf("Cannot watch %s: %s", dir, e.getMessage());
        }
    }

    /** Watches a folder and every folder below it. */
    public void watchTree(Path dir, long sectionId) {
        if (watcher == null) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(dir)) {
            dirs.filter(Files::isDirectory).forEach(d -> watch(d, sectionId));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Cannot watch under %s: %s", dir, e.getMessage());
        }
    }

    /**
     * Sections whose folders changed and then stayed quiet for {@code quietMs}; each is returned once per burst of
     * changes. A copy of a hundred files keeps pushing its section's time forward, so it comes out as one section.
     */
    public List<Long> settled(long quietMs) {
        long now = System.currentTimeMillis();
        return changedAt.entrySet().stream().filter(e -> now - e.getValue() >= quietMs)
                .filter(e -> changedAt.remove(e.getKey(), e.getValue())).map(Map.Entry::getKey).toList();
    }

    /** The folders of sections scanned before this start; later scans register what they walk. */
    private void watchExistingSections() {
        try {
            for (Map.Entry<Long, String> location : sections.locations()) {
                Optional<Path> dir = mediaRoot.resolve(location.getValue());
                if (dir.isPresent() && Files.isDirectory(dir.get())) {
                    watchTree(dir.get(), location.getKey());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not watch the existing sections' folders (the periodic rescan still runs): %s",
                    e.getMessage());
        }
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Long section = sectionOf.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (section != null && event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                        && event.context() instanceof Path name && key.watchable() instanceof Path parent) {
                    Path created = parent.resolve(name);
                    if (Files.isDirectory(created, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        watchTree(created, section);
                    }
                }
            }
            if (section != null) {
                changedAt.put(section, System.currentTimeMillis());
            }
            if (!key.reset()) {
                sectionOf.remove(key);
            }
        }
    }
}
