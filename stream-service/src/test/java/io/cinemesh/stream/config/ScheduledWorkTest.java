package io.cinemesh.stream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Shutdown waits for a sweep already running (the pool closes after), and no sweep starts once it began. */
class ScheduledWorkTest {

    @Test
    void shutdownWaitsForTheRunInFlightAndStartsNoOther() throws Exception {
        ScheduledWork work = new ScheduledWork();
        AtomicBoolean finished = new AtomicBoolean();
        work.run(() -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(400))
                .invoke(() -> finished.set(true))).subscribe().with(v -> { });
        long start = System.nanoTime();
        work.onStop(null);
        assertTrue(finished.get(), "the run in flight ended before shutdown went on");
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());

        AtomicInteger after = new AtomicInteger();
        work.run(() -> Uni.createFrom().voidItem().invoke(after::incrementAndGet)).await().indefinitely();
        assertEquals(0, after.get(), "no run starts once the replica is stopping");
    }

    @Test
    void aRunThatFailsIsNotWaitedFor() throws Exception {
        ScheduledWork work = new ScheduledWork();
        work.run(() -> Uni.createFrom().failure(new IllegalStateException("pool away"))).subscribe()
                .with(v -> { }, e -> { });
        long start = System.nanoTime();
        work.onStop(null);
        assertFalse(System.nanoTime() - start > Duration.ofMillis(ScheduledWork.WAIT_MS - 500).toNanos());
    }
}
