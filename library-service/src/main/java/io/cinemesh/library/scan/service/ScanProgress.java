package io.cinemesh.library.scan.service;

/**
 * A scan's progress as {@code /activities} shows it; a scan started without a tracker entry (the scheduler's own
 * call) reports nowhere.
 */
record ScanProgress(ScanTracker.Progress tracked) {

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
