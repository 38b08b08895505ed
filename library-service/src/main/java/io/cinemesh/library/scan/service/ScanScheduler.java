package io.cinemesh.library.scan.service;

import io.cinemesh.library.section.service.MediaRoot;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * New files are picked up without a manual refresh: a file watcher where the file system reports changes (local
 * disks), and a periodic rescan for those that do not (NFS, SMB). A rescan of an unchanged section only walks
 * and compares, so the period can be short.
 */
@ApplicationScoped
public class ScanScheduler {

    private static final Logger LOG = Logger.getLogger(ScanScheduler.class);

    @Inject
    Pool pool;
    @Inject
    LibraryScanner scanner;
    @Inject
    MediaRoot mediaRoot;

    @ConfigProperty(name = "cinemesh.library.scan.watch", defaultValue = "true")
    boolean watch;

    private final Map<WatchKey, Long> watched = new ConcurrentHashMap<>();
    private final Map<Long, Long> dirtySince = new ConcurrentHashMap<>();
    private volatile WatchService watcher;
    private Thread watchThread;

    @Scheduled(every = "${cinemesh.library.scan.interval:15m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodic() {
        sections().forEach(scanner::request);
        if (watch) {
            registerAll();
        }
    }

    /** Debounced: a copy in progress fires many events; scan once things are quiet for two seconds. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flushWatched() {
        long now = System.currentTimeMillis();
        dirtySince.forEach((section, since) -> {
            if (now - since > 2000 && dirtySince.remove(section, since)) {
                String title = sections().getOrDefault(section, "section " + section);
                scanner.request(section, title);
            }
        });
    }

    void start(@Observes StartupEvent ev) {
        if (!watch) {
            return;
        }
        try {
            watcher = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.infof("No file watcher here (%s); relying on the periodic rescan", e.getMessage());
            return;
        }
        watchThread = new Thread(this::watchLoop, "library-watch");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    void stop(@Observes ShutdownEvent ev) throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Registers every folder of every section (called after section changes and periodically). */
    public void registerAll() {
        if (watcher == null) {
            return;
        }
        var rows = pool.query("SELECT section_id, path FROM section_location").execute().await().indefinitely();
        for (Row r : rows) {
            long section = r.getLong("section_id");
            Optional<Path> dir = mediaRoot.resolve(r.getString("path"));
            if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
                continue;
            }
            try (Stream<Path> dirs = Files.walk(dir.get())) {
                dirs.filter(Files::isDirectory).forEach(d -> {
                    try {
                        watched.put(d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY), section);
                    } catch (IOException e) {
                        LOG.debugf("Cannot watch %s: %s", d, e.getMessage());
                    }
                });
            } catch (IOException | RuntimeException e) {
                LOG.debugf("Cannot watch under %s: %s", dir.get(), e.getMessage());
            }
        }
    }

    private void watchLoop() {
        try {
            registerAll();
        } catch (RuntimeException e) {
            LOG.debugf("Initial watch registration failed: %s", e.getMessage());
        }
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                return;
            }
            Long section = watched.get(key);
            key.pollEvents();
            if (section != null) {
                dirtySince.put(section, System.currentTimeMillis());
            }
            if (!key.reset()) {
                watched.remove(key);
            }
        }
    }

    private Map<Long, String> sections() {
        Map<Long, String> all = new java.util.LinkedHashMap<>();
        pool.query("SELECT id, name FROM section ORDER BY id").execute().await().indefinitely()
                .forEach(r -> all.put(r.getLong("id"), r.getString("name")));
        return all;
    }
}
