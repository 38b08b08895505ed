package io.cinemesh.stream.config;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The periodic database work of a replica (session expiry, the transcode sweep, session touches), which shutdown
 * waits for. {@code skipExecutionIf = ApplicationNotRunning} keeps runs from starting once Quarkus is stopping, but
 * one that started a moment before SIGTERM met the closing connection pool, and Hibernate Reactive logged an ERROR
 * for the commit it lost. Now a run in flight finishes first (at most {@link #WAIT_MS}), and none starts after.
 */
@ApplicationScoped
public class ScheduledWork {

    static final long WAIT_MS = 3000;

    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;

    /** Runs {@code work} unless the replica is stopping; shutdown waits until it ends. */
    public Uni<Void> run(Supplier<Uni<Void>> work) {
        return Uni.createFrom().deferred(() -> {
            // Counted before the check, so a run that passes it is always one that shutdown sees.
            running.incrementAndGet();
            if (stopping) {
                running.decrementAndGet();
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().deferred(work::get).onTermination().invoke(running::decrementAndGet);
        });
    }

    // Before the platform's own shutdown observers, which close the pool.
    void onStop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (running.get() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }
}
