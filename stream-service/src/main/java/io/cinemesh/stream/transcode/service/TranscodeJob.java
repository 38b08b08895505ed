package io.cinemesh.stream.transcode.service;

import io.cinemesh.media.MediaProcesses;
import io.cinemesh.media.MediaRun;
import io.cinemesh.media.MediaTools;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One ffmpeg process producing a session's segments from segment {@code start} on, into the session's scratch
 * folder. Segment N always covers [N·len, (N+1)·len) of the source whichever job made it (fixed length, forced
 * key frames, matching start number and timestamp offset), so segments of different jobs, on different replicas,
 * are interchangeable. A direct stream (video copied) is cut on the source's key frames instead, one short ffmpeg run
 * per segment ({@link RemuxCommand}), so a segment is the same whichever run, job or replica made it.
 */
public final class TranscodeJob {

    private static final Logger LOG = Logger.getLogger(TranscodeJob.class);
    private static final Duration REMUX_LIMIT = Duration.ofMinutes(2);

    final TranscodeSessionRecord session;
    final int start;
    final Path dir;
    final Span span;
    /** The transcoder, or a remux's current per-segment run (null between runs). */
    private volatile MediaRun.Running run;
    /** How the transcoder ended (null while it runs). */
    private volatile MediaRun.Result result;
    private final boolean remux;
    private volatile boolean remuxDone;
    private volatile int remuxExit;
    private final long startedAt = System.nanoTime();
    /** How many finished segments ahead of the viewer it may run before it is stopped. */
    private final int ahead;
    private volatile int requested;
    private volatile int produced = -1;
    private volatile boolean paused;
    private volatile boolean killed;
    private volatile double speed;
    private volatile long outTimeUs;
    volatile long lastAccess = System.currentTimeMillis();
    private volatile String lastErrors = "";

    private TranscodeJob(TranscodeSessionRecord session, int start, int ahead, Path dir, Span span, boolean remux) {
        this.session = session;
        this.ahead = ahead;
        this.remux = remux;
        this.start = start;
        this.dir = dir;
        this.span = span;
        this.requested = start;
    }

    /**
     * Starts ffmpeg at segment {@code start}, held back once {@code ahead} segments in front of its viewer;
     * {@code onExit} gets the exit code (or -1 when we killed it).
     */
    static TranscodeJob start(MediaTools tools, TranscodeSessionRecord s, int start, int ahead, Path media,
            Path dir, Span span, Consumer<Double> onSpeed, BiConsumer<TranscodeJob, Integer> onExit)
            throws IOException {
        Files.createDirectories(dir);
        TranscodeJob job = new TranscodeJob(s, start, ahead, dir, span, s.keyFrameSegments());
        if (job.remux) {
            span.addEvent("started", Attributes.builder().put("ffmpeg.start_segment", start).build());
            daemon("remux-" + s.id, () -> {
                job.remuxFrom(tools, media);
                job.exited(job.remuxExit, onExit);
            });
            return job;
        }
        MediaRun.Running running;
        try (Scope ignored = span.makeCurrent()) {
            running = tools.ffmpeg("transcode", command(s, start, media, dir))
                    .lines(line -> job.progress(line, onSpeed)).start();
        }
        job.run = running;
        span.addEvent("started", Attributes.builder().put("ffmpeg.start_segment", start)
                .put("ffmpeg.pid", running.pid()).build());
        daemon("ffmpeg-" + s.id, () -> {
            MediaRun.Result r = await(running);
            job.lastErrors = r.errors();
            job.result = r;
            job.exited(r.exit(), onExit);
        });
        return job;
    }

    private void exited(int exit, BiConsumer<TranscodeJob, Integer> onExit) {
        span.addEvent("exited", Attributes.builder().put("ffmpeg.exit_code", exit).put("ffmpeg.killed", killed)
                .build());
        if (!killed && exit != 0) {
            span.setStatus(StatusCode.ERROR, "ffmpeg exited with " + exit);
            LOG.warnf("ffmpeg for session %s exited with %d: %s", session.id, exit, lastErrors());
        }
        span.end();
        onExit.accept(this, killed ? -1 : exit);
    }

    /** The run's end; an interrupt of this waiting thread (never done) counts as a kill. */
    private static MediaRun.Result await(MediaRun.Running running) {
        try {
            return running.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MediaRun.Result(-1, new byte[0], "", false, true, Duration.ZERO);
        }
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Seconds every transcode's timestamps are moved by, on top of mpegts's 1.4 s. A job from the start begins with
     * negative decoding times (the encoder's B-frame delay, AAC priming), which ffmpeg shifts away; a job started at
     * segment N has none to shift. Without this, segment N from the two jobs was presented two frames apart: a
     * replica taking over showed a pair of frames twice. Larger than those delays for video of 4 fps and up.
     */
    static final double TIMELINE_OFFSET_S = 0.5;

    static List<String> command(TranscodeSessionRecord s, int start, Path media, Path dir) {
        int len = s.segmentSeconds;
        // After MediaTools' own flags (binary, -hide_banner, -nostdin, -loglevel error).
        List<String> cmd = new ArrayList<>(List.of("-nostats", "-progress", "pipe:1", "-stats_period", "0.1"));
        if (start > 0) {
            // Input seeking: fast, and with the transcode's forced key frames the cut lands exactly on N·len.
            cmd.addAll(List.of("-ss", Integer.toString(start * len)));
        }
        cmd.addAll(List.of("-i", media.toString()));
        // The user's audio choice by its index in the file; otherwise the first audio track.
        String audio = s.audioIndex == null ? "0:a:0" : "0:" + s.audioIndex;
        if ("music".equals(s.kind)) {
            cmd.addAll(List.of("-map", audio, "-vn"));
        } else {
            cmd.addAll(List.of("-map", "0:v:0", "-map", audio + "?"));
            if ("copy".equals(s.videoDecision)) {
                cmd.addAll(List.of("-c:v", "copy"));
            } else {
                int kbps = s.videoBitrateKbps == null ? 4000 : s.videoBitrateKbps;
                // superfast rather than veryfast: a fifth less CPU a frame (no lookahead, simpler motion search)
                // for the 1.5 s first-segment goal on two cores, at a small cost in quality per bit (BENCHMARKS.md).
                cmd.addAll(List.of("-c:v", "libx264", "-preset", "superfast", "-profile:v", "high", "-pix_fmt",
                        "yuv420p", "-vf", "scale=" + s.width + ":" + s.height, "-b:v", kbps + "k", "-maxrate",
                        kbps + "k", "-bufsize", (2 * kbps) + "k", "-force_key_frames",
                        "expr:gte(t,n_forced*" + len + ")", "-sc_threshold", "0"));
            }
        }
        if ("copy".equals(s.audioDecision)) {
            cmd.addAll(List.of("-c:a", "copy"));
        } else {
            cmd.addAll(List.of("-c:a", "aac", "-b:a", s.audioBitrateKbps + "k", "-ac",
                    Integer.toString(s.audioChannels)));
        }
        if (start > 0) {
            // Input seeking lands on the key frame before the place (up to 10 s before in people's files); the
            // re-encoded streams drop what precedes it, but a copied audio track would keep it and start the segment
            // seconds early. Output seeking to 0 drops those copied packets too.
            cmd.addAll(List.of("-ss", "0"));
        }
        cmd.addAll(List.of("-f", "hls", "-hls_time", Integer.toString(len), "-hls_list_size", "0",
                "-hls_segment_type", "mpegts", "-hls_flags", "temp_file", "-start_number", Integer.toString(start),
                "-output_ts_offset", String.format(Locale.ROOT, "%.3f", start * len + TIMELINE_OFFSET_S),
                "-hls_segment_filename",
                dir.resolve("%d.ts").toString(), dir.resolve("job-" + start + ".m3u8").toString()));
        SubtitleBurn.apply(cmd, s, start * len, media, dir);
        return cmd;
    }

    /** Segment after segment from {@code start}, each made alone; throttled between segments, not by signals. */
    private void remuxFrom(MediaTools tools, Path media) {
        try {
            for (int n = start; n < session.segmentCount() && !killed; n++) {
                keepPace();
                while (paused && !killed) {
                    Thread.sleep(50);
                }
                Path done = dir.resolve(n + ".ts");
                if (killed || Files.exists(done)) {
                    continue;
                }
                Path tmp = dir.resolve(n + ".ts." + start + ".tmp");
                MediaRun.Running running;
                try (Scope ignored = span.makeCurrent()) {
                    // A copy of one segment takes well under a second: one stuck on a bad read must not hold the
                    // stream for good.
                    running = tools.ffmpeg("remux", RemuxCommand.segment(session, n, media, tmp)).discardOutput()
                            .timeout(REMUX_LIMIT).start();
                }
                run = running;
                if (killed) {
                    running.cancel();
                }
                MediaRun.Result r = running.await();
                int code = r.exit();
                if (!r.errors().isBlank()) {
                    lastErrors = r.errors();
                }
                if (killed) {
                    Files.deleteIfExists(tmp);
                    break;
                }
                if (code != 0) {
                    remuxExit = code;
                    Files.deleteIfExists(tmp);
                    break;
                }
                Files.move(tmp, done, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                outTimeUs = (session.segmentEndMs(n) - session.segmentStartMs(start)) * 1000;
            }
        } catch (IOException e) {
            remuxExit = 1;
            lastErrors = String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            remuxExit = 1;
        } finally {
            remuxDone = true;
        }
    }

    /** A line of ffmpeg's {@code -progress} report. */
    private void progress(String line, Consumer<Double> onSpeed) {
        if (line.startsWith("speed=")) {
            String v = line.substring(6).replace("x", "").trim();
            try {
                speed = Double.parseDouble(v);
                if (speed > 0) {
                    onSpeed.accept(speed);
                }
            } catch (NumberFormatException ignored) {
                // "N/A" before the first frame
            }
        } else if (line.startsWith("progress=")) {
            // The end of a report (every 0.1 s): hold back now rather than on the next throttle round, by
            // which time a fast machine may have made the rest of the film.
            keepPace();
        } else if (line.startsWith("out_time_us=")) {
            try {
                outTimeUs = Long.parseLong(line.substring(12).trim());
            } catch (NumberFormatException ignored) {
                // "N/A"
            }
        }
    }

    /** The last lines ffmpeg wrote to stderr, on one line. */
    String lastErrors() {
        return String.join(" | ", lastErrors.strip().lines().toList());
    }

    /** The highest segment this job has finished (renamed from .tmp by ffmpeg), scanning forward. */
    int produced() {
        int p = Math.max(produced, start - 1);
        while (Files.exists(dir.resolve((p + 1) + ".ts"))) {
            p++;
        }
        if (p >= start && produced < start) {
            span.addEvent("first segment", Attributes.builder().put("ffmpeg.segment", p)
                    .put("ffmpeg.elapsed_ms", (System.nanoTime() - startedAt) / 1_000_000).build());
        }
        produced = p;
        return p;
    }

    public boolean alive() {
        return remux ? !remuxDone : result == null;
    }

    public boolean exitedCleanly() {
        if (remux) {
            return remuxDone && !killed && remuxExit == 0;
        }
        MediaRun.Result r = result;
        return r != null && !killed && r.exit() == 0;
    }

    public int requested() {
        return requested;
    }

    public void request(int segment) {
        lastAccess = System.currentTimeMillis();
        if (segment > requested) {
            requested = segment;
        }
    }

    public boolean paused() {
        return paused;
    }

    public double speed() {
        return speed;
    }

    public double progressSeconds() {
        return session.segmentStartMs(start) / 1000.0 + outTimeUs / 1_000_000.0;
    }

    /**
     * Keeps the job {@code ahead} segments in front of its viewer: stops ffmpeg where it is (SIGSTOP) once it has
     * made that many past the viewer's segment, lets it go on once the viewer catches up.
     */
    synchronized void keepPace() {
        if (killed) {
            return;
        }
        boolean farAhead = produced() >= requested + ahead;
        if (farAhead && !paused && (remux || signal("STOP"))) {
            paused = true;
            span.addEvent("throttled", Attributes.builder().put("ffmpeg.produced", produced)
                    .put("ffmpeg.requested", requested).build());
        } else if (!farAhead && paused && (remux || signal("CONT"))) {
            paused = false;
            span.addEvent("resumed", Attributes.builder().put("ffmpeg.requested", requested).build());
        }
    }

    /** Kills ffmpeg outright: a graceful stop would finish (and publish) a half-made segment. */
    synchronized void kill() {
        killed = true;
        MediaRun.Running r = run;
        if (r == null) {
            return;
        }
        if (paused && !remux) {
            signal("CONT");
        }
        r.cancel();
    }

    /** SIGSTOP and SIGCONT, which Java's process API cannot send. */
    private boolean signal(String sig) {
        try {
            return MediaProcesses.builder("kill", "-" + sig, Long.toString(run.pid())).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
