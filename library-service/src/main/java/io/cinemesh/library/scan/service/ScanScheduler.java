package io.cinemesh.library.scan.service;

import io.cinemesh.library.scan.config.ScanConfig;
import io.cinemesh.library.scan.repository.ScanSections;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * New files are picked up without a manual refresh: through the {@link FolderWatcher} where the file system reports
 * changes (local disks), and by a periodic rescan for those that do not (NFS, SMB). A rescan of an unchanged
 * section only walks and compares, so the period can be short.
 */
@ApplicationScoped
public class ScanScheduler {

    @Inject
    ScanSections scanSections;
    @Inject
    LibraryScanner scanner;
    @Inject
    FolderWatcher watcher;

    @Inject
    ScanConfig config;

    @Scheduled(every = "${cinemesh.library.scan.interval:15m}", delayed = "${cinemesh.library.scan.first-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void periodic() {
        scanSections.titles().forEach(scanner::request);
    }

    /** Debounced: a copy in progress fires many events; one scan once the section has been quiet for a while. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flushWatched() {
        List<Long> quiet = watcher.settled(config.settle().toMillis());
        if (quiet.isEmpty()) {
            return;
        }
        Map<Long, String> sections = scanSections.titles();
        for (Long section : quiet) {
            String title = sections.get(section);
            if (title != null) {
                scanner.request(section, title);
            }
        }
    }
}
