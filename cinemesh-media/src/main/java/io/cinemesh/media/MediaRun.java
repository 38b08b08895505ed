package io.cinemesh.media;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of ffmpeg or ffprobe, as {@link MediaTools} prepares it: say what goes in and how the output is read,
 * then {@link #run()} it, or {@link #start()} it to be able to cancel it from another thread.
 */
public final class MediaRun {

    /** How much of stderr is kept: the end of it, where ffmpeg says why it stopped. */
    static final int ERRORS_KEPT = 8 * 1024;
    private static final Duration NO_TIMEOUT = Duration.ofDays(1);
    /** Kills runs past their time. Its one thread only kills processes: it needs no request context. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "media-run-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final String tool;
    private final String purpose;
    private final List<String> command;
    private final Tracer tracer;
    private final MeterRegistry registry;
    private byte[] stdin;
    private Duration timeout = NO_TIMEOUT;
    private Consumer<String> lines;
    private boolean discardOutput;

    MediaRun(String tool, String purpose, List<String> command, Tracer tracer, MeterRegistry registry) {
        this.tool = tool;
        this.purpose = purpose;
        this.command = List.copyOf(command);
        this.tracer = tracer;
        this.registry = registry;
    }

    /** Bytes for the tool's standard input ({@code -i pipe:0}); without them it reads /dev/null. */
    public MediaRun stdin(byte[] data) {
        this.stdin = data;
        return this;
    }

    /** Killed, with its children, when it runs longer. */
    public MediaRun timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Standard output is handed over line by line instead of kept. */
    public MediaRun lines(Consumer<String> onLine) {
        this.lines = onLine;
        return this;
    }

    /** Standard output is not wanted (the tool writes files). */
    public MediaRun discardOutput() {
        this.discardOutput = true;
        return this;
    }

    /** The command as it will run (for tests and logs; it holds media paths, never a secret). */
    public List<String> command() {
        return command;
    }

    /** Runs to the end, the timeout, or an interrupt (which kills it). Throws when the binary cannot start. */
    public Result run() throws IOException, InterruptedException {
        return start().await();
    }

    /** Starts the tool; {@link Running#await()} reads its output and waits for it. */
    public Running start() throws IOException {
        Span span = tracer.spanBuilder(tool + ":" + purpose).setAttribute("media.tool", tool)
                .setAttribute("media.purpose", purpose).startSpan();
        ProcessBuilder b = MediaProcesses.builder(command);
        b.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                : ProcessBuilder.Redirect.PIPE);
        b.redirectOutput(discardOutput ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = b.start();
        } catch (IOException e) {
            span.setStatus(StatusCode.ERROR, tool + " could not start");
            span.end();
            time("not-started", Duration.ZERO);
            throw new IOException(tool + " could not start (is it installed? cinemesh.media." + tool + "): "
                    + e.getMessage(), e);
        }
        return new Running(p, span);
    }

    /**
     * How a run ended. {@code stdout} is empty when it was read line by line or discarded; {@code errors} is the
     * end of stderr.
     */
    public record Result(int exit, byte[] stdout, String errors, boolean timedOut, boolean cancelled, Duration took) {

        /** It ran to the end and exited 0. */
        public boolean ok() {
            return exit == 0 && !timedOut && !cancelled;
        }

        /** The first line of stderr, cut to 300 characters: the reason, for a log or a client. */
        public String reason() {
            String e = errors.strip();
            int nl = e.indexOf('\n');
            String line = nl < 0 ? e : e.substring(0, nl);
            return line.length() > 300 ? line.substring(0, 300) : line;
        }
    }

    /** A started run. */
    public final class Running {

        private final Process process;
        private final Span span;
        private final long started = System.nanoTime();
        private final ErrorTail errors;
        private final ScheduledFuture<?> deadline;
        private volatile boolean timedOut;
        private volatile boolean cancelled;

        private Running(Process process, Span span) {
            this.process = process;
            this.span = span;
            this.errors = new ErrorTail(process.getErrorStream());
            daemon(tool + "-stderr", errors);
            if (stdin != null) {
                byte[] data = stdin;
                daemon(tool + "-stdin", () -> {
                    try (OutputStream in = process.getOutputStream()) {
                        in.write(data);
                    } catch (IOException ignored) {
                        // the tool stopped reading; its exit code says why
                    }
                });
            }
            this.deadline = WATCHDOG.schedule(() -> {
                timedOut = true;
                kill();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public long pid() {
            return process.pid();
        }

        /** Kills the run and its children; {@link #await()} then returns a cancelled result. */
        public void cancel() {
            cancelled = true;
            kill();
        }

        /** Reads the output as asked, waits for the end, and records the run. */
        public Result await() throws InterruptedException {
            byte[] out = new byte[0];
            try {
                if (!discardOutput) {
                    out = read(process.getInputStream());
                }
                process.waitFor();
            } catch (InterruptedException e) {
                cancel();
                finish(-1, out);
                throw e;
            }
            return finish(process.exitValue(), out);
        }

        private byte[] read(InputStream stdout) {
            try (stdout) {
                if (lines == null) {
                    return stdout.readAllBytes();
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // killed while we read: the outcome says why
            }
            return new byte[0];
        }

        private Result finish(int exit, byte[] out) throws InterruptedException {
            deadline.cancel(false);
            errors.awaitEnd();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Result r = new Result(exit, out, errors.text(), timedOut, cancelled && !timedOut, took);
            String outcome = r.ok() ? "ok" : r.timedOut() ? "timed-out" : r.cancelled() ? "cancelled" : "failed";
            span.setAttribute("media.exit_code", exit);
            span.setAttribute("media.outcome", outcome);
            if (!r.ok() && !r.cancelled()) {
                span.setStatus(StatusCode.ERROR, r.timedOut() ? tool + " timed out after " + timeout
                        : tool + " exited with " + exit + ": " + r.reason());
            }
            span.end();
            time(outcome, took);
            return r;
        }

        private void kill() {
            // Children first, while they are still ours to find: a grandchild that keeps the pipe open would
            // keep a reader waiting after its parent died.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void time(String outcome, Duration took) {
        Timer.builder("cinemesh.media.runs").description("ffmpeg and ffprobe runs")
                .tags("tool", tool, "purpose", purpose, "outcome", outcome).register(registry).record(took);
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** Drains stderr (a full pipe would stall the tool) and keeps its end. */
    private static final class ErrorTail implements Runnable {

        private final InputStream in;
        private final StringBuilder kept = new StringBuilder();
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        ErrorTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try (in) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    synchronized (kept) {
                        kept.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        if (kept.length() > ERRORS_KEPT) {
                            kept.delete(0, kept.length() - ERRORS_KEPT);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the tool was killed
            } finally {
                done.countDown();
            }
        }

        void awaitEnd() throws InterruptedException {
            // A child that outlived a kill may hold stderr open; what was read by then is enough.
            done.await(2, TimeUnit.SECONDS);
        }

        String text() {
            synchronized (kept) {
                return kept.toString();
            }
        }
    }
}
