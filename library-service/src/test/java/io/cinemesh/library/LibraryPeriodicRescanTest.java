package io.cinemesh.library;

import static io.cinemesh.library.LibraryScanAndBrowseTest.awaitIdle;
import static io.cinemesh.library.LibraryScanAndBrowseTest.json;
import static io.cinemesh.library.LibraryWatchTest.awaitTitles;
import static io.cinemesh.library.LibraryWatchTest.titles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the file system gives no change notification (NFS, SMB), the periodic rescan finds new and deleted files:
 * the watcher is off here, so only the rescan can.
 */
@QuarkusTest
@TestProfile(LibraryPeriodicRescanTest.Polling.class)
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MediaLibrary.class)
@QuarkusTestResource(UserServiceStandIn.class)
class LibraryPeriodicRescanTest {

    public static class Polling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cinemesh.library.scan.watch", "false", "cinemesh.library.scan.interval", "3s",
                    "cinemesh.library.scan.first-delay", "1s");
        }
    }

    @Test
    void theRescanFindsNewAndDeletedFilesWithoutAWatcher() throws Exception {
        WatchedFolder.create();
        String section = json().queryParam("name", "Films").queryParam("type", "movie")
                .queryParam("location", WatchedFolder.LOCATION).post("/library/sections").then().statusCode(200)
                .extract().path("MediaContainer.Directory[0].key");
        awaitIdle();
        assertEquals(List.of("Existing"), titles(section));

        WatchedFolder.copyIn(WatchedFolder.film("Heat (1995).mp4"), "Heat (1995).mp4");
        awaitTitles(section, t -> t.contains("Heat"), "the copied film");
        Files.delete(WatchedFolder.dir().resolve("Existing (1999).mp4"));
        awaitTitles(section, t -> !t.contains("Existing"), "the deleted film gone");
        assertEquals(List.of("Heat"), titles(section));
    }
}
