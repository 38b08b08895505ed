package io.cinemesh.library.scan.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When the scanner runs and how much of the machine it takes ({@code cinemesh.library.scan.*}). */
@ConfigMapping(prefix = "cinemesh.library.scan")
public interface ScanConfig {

    /** The periodic rescan, for file systems without change notification (NFS, SMB); {@code off} disables it. */
    @WithDefault("15m")
    String interval();

    /** The first periodic rescan after start. */
    @WithDefault("30s")
    String firstDelay();

    /** Watch the sections' folders and scan on a change. */
    @WithDefault("true")
    boolean watch();

    /** How long a section's folders must stay quiet before a watched change becomes a scan. */
    @WithDefault("2s")
    Duration settle();

    /** ffprobe, ffmpeg and image runs at once; 0 for one per core. */
    @WithDefault("0")
    int probeThreads();
}
