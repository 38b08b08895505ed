package io.cinemesh.library;

import io.cinemesh.testing.MediaFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A section folder for the tests of files turning up on their own: {@code Watched Films/} under the run's media
 * root ({@link MediaLibrary}) with one film, and films made with ffmpeg in a staging folder outside the root, so a
 * test copies a finished file in the way a user does.
 */
final class WatchedFolder {

    static final String LOCATION = "Watched Films";

    private static Path staging;

    private WatchedFolder() {
    }

    /** Makes the folder with {@code Existing (1999).mp4} in it; the media root is fresh for each application. */
    static void create() {
        try {
            staging = Files.createTempDirectory("cinemesh-staging-");
            MediaFixtures.remux(MediaFixtures.videoStub(2), dir().resolve("Existing (1999).mp4"), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path dir() {
        return MediaLibrary.root.resolve(LOCATION);
    }

    /** A finished film in the staging folder, named as a user would name it. */
    static Path film(String fileName) {
        return MediaFixtures.remux(MediaFixtures.videoStub(2), staging.resolve(fileName), Map.of());
    }

    /** Copies a staged film into the section folder, under {@code relative}. */
    static Path copyIn(Path staged, String relative) throws IOException {
        Path dest = dir().resolve(relative);
        Files.createDirectories(dest.getParent());
        return Files.copy(staged, dest, StandardCopyOption.REPLACE_EXISTING);
    }
}
