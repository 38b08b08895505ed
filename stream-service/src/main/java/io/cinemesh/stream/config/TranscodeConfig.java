package io.cinemesh.stream.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The universal transcoder: segments, how many ffmpeg runs at once, and how long sessions and runs live. */
@ConfigMapping(prefix = "cinemesh.transcode")
public interface TranscodeConfig {

    /** The segment grid: any replica can make any segment of a session because they all cut here. */
    @WithDefault("4")
    int segmentSeconds();

    /** Transcodes this replica runs at once; past it a new session gets 503 with Retry-After. */
    @WithDefault("4")
    int maxConcurrent();

    /** One account's share of those (429 past it); a player restarting its own session replaces it. */
    @WithDefault("2")
    int maxPerUser();

    /** How far ffmpeg runs ahead of the segment last asked for before it pauses. */
    @WithDefault("5")
    int segmentsAhead();

    /** An ffmpeg run nobody asked a segment of for this long is stopped. */
    @WithDefault("60s")
    Duration idleTimeout();

    /** How long a segment request waits for ffmpeg to make it. */
    @WithDefault("30s")
    Duration segmentWait();

    /** A session nobody used for this long ends. */
    @WithDefault("10m")
    Duration sessionTtl();

    /**
     * However much it is used, a session ends this long after it started: its segment URLs carry no token, so
     * without a bound a leaked URL would play for as long as someone keeps fetching it. Players start again.
     */
    @WithDefault("6h")
    Duration maxSessionLifetime();

    /** The transcoder's share of the scratch folder; the oldest segments go past it. */
    @WithDefault("4096")
    long scratchMaxMb();

    /**
     * How often each replica forgets expired sessions and ends its ffmpeg runs of sessions stopped elsewhere
     * (read by {@code @Scheduled}, as are the intervals below).
     */
    @WithDefault("5s")
    String sweepInterval();

    /** How often each replica removes scratch folders of sessions it runs no job for, once idle. */
    @WithDefault("60s")
    String scratchSweepInterval();

    /** How often running jobs are paused or resumed to stay {@link #segmentsAhead()} in front of their viewer. */
    @WithDefault("1s")
    String throttleInterval();

    /** How often the sessions used since the last time get their {@code last_seen_at} written, in one update. */
    @WithDefault("5s")
    String touchInterval();
}
