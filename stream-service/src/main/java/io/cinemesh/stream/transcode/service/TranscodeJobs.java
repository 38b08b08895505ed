package io.cinemesh.stream.transcode.service;

import io.cinemesh.media.MediaTools;
import io.cinemesh.stream.config.TranscodeConfig;
import io.cinemesh.stream.media.MediaRoot;
import io.cinemesh.stream.trace.StreamMetrics;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This replica's ffmpeg jobs, at most one per session. A segment request either finds its file in scratch, or
 * waits for the running job when that job will reach it soon, or (a seek, or a session another replica started)
 * restarts the job at that segment. Jobs run a bounded number of segments ahead of the viewer, stopped with
 * SIGSTOP beyond that, and die when their session stops or idles. Scratch is node-local and bounded.
 */
@ApplicationScoped
public class TranscodeJobs {

    private static final Logger LOG = Logger.getLogger(TranscodeJobs.class);
    /** A seek this close past what the job made is cheaper to wait for than a restart. */
    private static final int REUSE_WINDOW = 3;

    @Inject
    MediaRoot mediaRoot;
    @Inject
    MediaTools tools;
    @Inject
    StreamMetrics metrics;
    @Inject
    Tracer tracer;
    @Inject
    SubtitleTracks subtitles;
    @Inject
    TranscodeAdmission admission;

    @ConfigProperty(name = "cinemesh.scratch")
    Path scratch;
    @Inject
    TranscodeConfig transcode;

    private final Map<String, TranscodeJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Object admitting = new Object();

    void start(@Observes StartupEvent ignored) throws IOException {
        Files.createDirectories(scratch);
        // Leftovers of a previous run of this replica: session folders only (named by their UUID).
        try (Stream<Path> old = Files.list(scratch)) {
            old.filter(TranscodeJobs::isSessionFolder).forEach(TranscodeJobs::deleteTree);
        }
    }

    private static boolean isSessionFolder(Path p) {
        return p.getFileName().toString().matches("[0-9a-f-]{36}");
    }

    /**
     * Session folders no job of this replica owns (a replica that only cut subtitles for a session, or a job that
     * another replica took over) are not stopped with a job; they go once untouched for the idle timeout.
     */
    @Scheduled(every = "${cinemesh.transcode.scratch-sweep-interval:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void sweepIdleFolders() {
        long idleSince = System.currentTimeMillis() - transcode.idleTimeout().toMillis();
        List<Path> folders;
        try (Stream<Path> all = Files.list(scratch)) {
            folders = all.filter(TranscodeJobs::isSessionFolder).toList();
        } catch (IOException e) {
            return;
        }
        for (Path folder : folders) {
            String id = folder.getFileName().toString();
            synchronized (lock(id)) {
                if (!jobs.containsKey(id) && lastTouched(folder) < idleSince) {
                    LOG.debugf("Removing idle scratch of transcode session %s", id);
                    deleteTree(folder);
                }
            }
            if (!jobs.containsKey(id)) {
                locks.remove(id);
            }
        }
    }

    /** Marks a session folder as in use by something other than a job (see {@link #sweepIdleFolders}). */
    public static void touch(Path folder) {
        try {
            Files.setLastModifiedTime(folder, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // gone already: it is made again when needed
        }
    }

    private static long lastTouched(Path folder) {
        try {
            return Files.getLastModifiedTime(folder).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        jobs.values().forEach(TranscodeJob::kill);
        jobs.keySet().forEach(id -> deleteTree(scratch.resolve(id)));
    }

    public Collection<TranscodeJob> local() {
        return jobs.values();
    }

    public Optional<TranscodeJob> job(String sessionId) {
        return Optional.ofNullable(jobs.get(sessionId));
    }

    /** Starts producing from {@code segment} now, so the first segment is ready when the player asks. */
    public void prepare(TranscodeSessionRecord s, int segment, Context stream) {
        synchronized (lock(s.id)) {
            TranscodeJob job = jobs.get(s.id);
            if (job == null || !covers(job, segment)) {
                startJob(s, segment, stream);
            }
        }
    }

    /**
     * The finished file of segment {@code n}, waiting (blocking: call on a worker thread) while ffmpeg makes it.
     */
    public Path segment(TranscodeSessionRecord s, int n, Context stream) {
        Path file = scratch.resolve(s.id).resolve(n + ".ts");
        TranscodeJob job;
        synchronized (lock(s.id)) {
            job = jobs.get(s.id);
            if (job != null) {
                job.request(n);
                job.keepPace();
            }
            if (Files.exists(file)) {
                return file;
            }
            if (job == null || !covers(job, n)) {
                job = startJob(s, n, stream);
                job.request(n);
            }
        }
        long deadline = System.nanoTime() + transcode.segmentWait().toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                job.produced();
                return file;
            }
            if (!job.alive()) {
                if (Files.exists(file)) {
                    return file;
                }
                if (job.exitedCleanly()) {
                    throw new jakarta.ws.rs.NotFoundException("Segment " + n + " is past the end of this media");
                }
                throw new ServiceUnavailableException("The transcoder stopped before segment " + n
                        + " was ready; ask again");
            }
            try {
                // A stat every few ms is cheap next to the time a viewer waits on a segment that is already there.
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceUnavailableException("Interrupted while waiting for the segment");
            }
        }
        throw new ServiceUnavailableException("Segment " + n + " was not ready in time; ask again");
    }

    /**
     * The running job will make segment {@code n} soon. Not one it already made: that file is gone (dropped behind
     * the viewer, or taken away while being sent) and this job would never make it again.
     */
    private boolean covers(TranscodeJob job, int n) {
        int produced = job.produced();
        return job.alive() && n >= job.start && n > produced && n <= produced + REUSE_WINDOW;
    }

    private TranscodeJob startJob(TranscodeSessionRecord s, int n, Context stream) {
        TranscodeJob previous = jobs.remove(s.id);
        if (previous != null) {
            previous.kill();
        }
        Path media = mediaRoot.resolve(s.file);
        subtitles.prepareBurn(s);
        // From the count to the new job being in the map: two starts must not both take the last place.
        synchronized (admitting) {
            for (TranscodeJob replaced : admission.admit(s, jobs.values())) {
                LOG.infof("Transcode session %s replaces session %s of the same player", s.id, replaced.session.id);
                jobs.remove(replaced.session.id, replaced);
                replaced.kill();
            }
            return launch(s, n, media, stream);
        }
    }

    private TranscodeJob launch(TranscodeSessionRecord s, int n, Path media, Context stream) {
        Span span = tracer.spanBuilder("ffmpeg " + s.decision).setParent(stream == null ? Context.current() : stream)
                .startSpan();
        span.setAttribute("cinemesh.transcode_session", s.id);
        span.setAttribute("cinemesh.user", s.userId);
        span.setAttribute("cinemesh.item", s.ratingKey);
        span.setAttribute("cinemesh.decision", s.decision);
        span.setAttribute("cinemesh.video_codec", s.videoDecision == null ? "none"
                : "copy".equals(s.videoDecision) ? String.valueOf(s.sourceVideoCodec) : "h264");
        span.setAttribute("cinemesh.audio_codec", "copy".equals(s.audioDecision) ? String.valueOf(s.sourceAudioCodec)
                : "aac");
        if (s.videoBitrateKbps != null) {
            span.setAttribute("cinemesh.bitrate_kbps", s.videoBitrateKbps);
        }
        span.setAttribute("ffmpeg.start_segment", n);
        try {
            TranscodeJob job = TranscodeJob.start(tools, s, n, transcode.segmentsAhead(), media,
                    scratch.resolve(s.id), span,
                    speed -> metrics.transcodeSpeed(s.decision, speed),
                    (j, code) -> {
                        if (code > 0) {
                            metrics.ffmpegFailure(s.decision);
                        }
                    });
            metrics.ffmpegStarted(s.decision);
            jobs.put(s.id, job);
            return job;
        } catch (IOException e) {
            span.recordException(e);
            span.end();
            metrics.ffmpegFailure(s.decision);
            LOG.errorf("ffmpeg could not start for session %s: %s", s.id, e.getMessage());
            throw new ServiceUnavailableException("The transcoder could not start (is ffmpeg installed?)");
        }
    }

    /** Ends a session's job here and frees its scratch. */
    public void stop(String sessionId) {
        synchronized (lock(sessionId)) {
            TranscodeJob job = jobs.remove(sessionId);
            if (job != null) {
                job.kill();
            }
            deleteTree(scratch.resolve(sessionId));
        }
        locks.remove(sessionId);
    }

    /** Throttling: keep each job at most {@code segments-ahead} segments in front of its viewer. */
    @Scheduled(every = "${cinemesh.transcode.throttle-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void throttle() {
        long now = System.currentTimeMillis();
        for (TranscodeJob job : jobs.values()) {
            if (now - job.lastAccess > transcode.idleTimeout().toMillis()) {
                LOG.infof("Transcode session %s idle for %s: stopping its ffmpeg", job.session.id,
                        transcode.idleTimeout());
                stop(job.session.id);
                continue;
            }
            if (!job.alive()) {
                continue;
            }
            job.keepPace();
            // Segments well behind the viewer are not needed again unless they seek back (then remade).
            for (int old = job.requested() - 2 * transcode.segmentsAhead(); old >= 0; old--) {
                try {
                    if (!Files.deleteIfExists(job.dir.resolve(old + ".ts"))) {
                        break;
                    }
                } catch (IOException ignored) {
                    break;
                }
            }
        }
        boundScratch();
    }

    /** Beyond the scratch budget, the least recently watched sessions lose their files first. */
    private void boundScratch() {
        long total = jobs.values().stream().mapToLong(j -> size(j.dir)).sum();
        if (total <= transcode.scratchMaxMb() * 1024 * 1024) {
            return;
        }
        var byAge = jobs.values().stream().sorted(Comparator.comparingLong(j -> j.lastAccess)).toList();
        for (TranscodeJob j : byAge) {
            if (total <= transcode.scratchMaxMb() * 1024 * 1024) {
                break;
            }
            long s = size(j.dir);
            LOG.warnf("Scratch over %d MB: dropping the files of transcode session %s", transcode.scratchMaxMb(),
                    j.session.id);
            stop(j.session.id);
            total -= s;
        }
    }

    private Object lock(String sessionId) {
        return locks.computeIfAbsent(sessionId, k -> new Object());
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the next start cleans what is left
        }
    }
}
