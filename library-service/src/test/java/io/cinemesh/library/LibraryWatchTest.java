package io.cinemesh.library;

import static io.cinemesh.library.LibraryScanAndBrowseTest.awaitIdle;
import static io.cinemesh.library.LibraryScanAndBrowseTest.json;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Files copied into or deleted from a section's folder show up in {@code /all} without a refresh, through the file
 * watcher alone (the periodic rescan is off here; {@link LibraryPeriodicRescanTest} covers it on its own).
 */
@QuarkusTest
@TestProfile(LibraryWatchTest.Watching.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibraryWatchTest {

    public static class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A longer settle than the default 2 s: on a loaded machine the test's own burst can stall for seconds.
            return Map.of("cinemesh.library.scan.watch", "true", "cinemesh.library.scan.interval", "off",
                    "cinemesh.library.scan.settle", "5s");
        }
    }

    static String section;

    @Inject
    MeterRegistry registry;

    @Test
    @Order(1)
    void aFileCopiedIntoANewFolderAppearsWithoutARefresh() throws Exception {
        WatchedFolder.create();
        section = json().queryParam("name", "Films").queryParam("type", "movie")
                .queryParam("location", WatchedFolder.LOCATION)
                .post("/library/sections").then().statusCode(200).extract().path("MediaContainer.Directory[0].key");
        awaitIdle();
        assertEquals(List.of("Existing"), titles(section));

        Path staged = WatchedFolder.film("Arrival (2016).mp4");
        WatchedFolder.copyIn(staged, "Arrival (2016)/Arrival (2016).mp4");
        awaitTitles(section, t -> t.contains("Arrival"), "the copied film");
        json().queryParam("title", "Arrival").get("/library/sections/" + section + "/all").then()
                .body("MediaContainer.Metadata[0].year", equalTo(2016));
    }

    @Test
    @Order(2)
    void aDeletedFileDisappearsWithoutARefresh() throws Exception {
        Files.delete(WatchedFolder.dir().resolve("Existing (1999).mp4"));
        awaitTitles(section, t -> !t.contains("Existing"), "the deleted film gone");
        assertEquals(List.of("Arrival"), titles(section));
    }

    @Test
    @Order(3)
    void aBurstOfAHundredFilesIsOneScan() throws Exception {
        awaitIdle();
        double scansBefore = scans();
        Path staged = WatchedFolder.film("Burst (2020).mp4");
        // A folder copied in at once: the film and 99 files beside it (extras the scanner does not take as items).
        WatchedFolder.copyIn(staged, "Burst (2020)/Burst (2020).mp4");
        for (int i = 1; i < 100; i++) {
            Files.writeString(WatchedFolder.dir().resolve("Burst (2020)/extra-" + i + ".nfo"), "extra " + i);
        }
        awaitTitles(section, t -> t.contains("Burst"), "the burst's film");
        awaitIdle();
        Thread.sleep(7000); // a second scan would have been asked for by now: the settle time is 5 s
        awaitIdle();
        assertEquals(0, json().get("/activities").jsonPath().getInt("MediaContainer.size"));
        assertEquals(scansBefore + 1, scans(), "one scan for the whole burst");
    }

    private double scans() {
        var timer = registry.find("cinemesh.library.scan.duration").timer();
        return timer == null ? 0 : timer.count();
    }

    static List<String> titles(String section) {
        return json().get("/library/sections/" + section + "/all").jsonPath().getList("MediaContainer.Metadata.title");
    }

    /** Polls {@code /all} until its titles match, failing after a minute with what it saw last. */
    static void awaitTitles(String section, Predicate<List<String>> wanted, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> seen = titles(section);
        while (!wanted.test(seen)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited 60 s for " + what + " in /all; last saw " + seen);
            }
            Thread.sleep(250);
            seen = titles(section);
        }
    }
}
