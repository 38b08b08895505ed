package io.cinemesh.library;

import io.cinemesh.testing.MediaFixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real media root made with ffmpeg for the whole test run: movies (one with an accented name, one whose title
 * tag differs from its file name, one broken file), a show with two seasons in both naming forms, a tagged album
 * with non-ASCII names and a folder-named one, and photos in nested albums.
 */
public class MediaLibrary implements QuarkusTestResourceLifecycleManager {

    static Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("cinemesh-media-");
            Path video = MediaFixtures.videoStub(2);
            Path audio = MediaFixtures.audioStub(2);
            Path movies = root.resolve("Movies");
            MediaFixtures.remux(video, movies.resolve("Amélie (2001).mp4"), Map.of());
            MediaFixtures.remux(video, movies.resolve("The Matrix (1999)/The Matrix (1999).mp4"), Map.of());
            MediaFixtures.jpeg(movies.resolve("The Matrix (1999)/poster.jpg"), 200, 300);
            MediaFixtures.remux(video, movies.resolve("stub.name.2010.mkv"), Map.of("title", "Coup de Grâce"));
            Files.writeString(movies.resolve("Broken (2000).mp4"), "this is not a video");
            Path tv = root.resolve("TV");
            MediaFixtures.remux(video, tv.resolve("Show One/Season 1/Show One - S01E01 - Pilot.mp4"), Map.of());
            MediaFixtures.remux(video, tv.resolve("Show One/Season 1/S01E02.mp4"), Map.of());
            MediaFixtures.remux(video, tv.resolve("Show One/Season 2/S02E01.mp4"), Map.of());
            MediaFixtures.remux(video, tv.resolve("Show One - S02E02 - Finale.mp4"), Map.of());
            Path music = root.resolve("Music");
            MediaFixtures.remux(audio, music.resolve("Björk/Homogénic/01 - Jóga.mp3"), Map.of("artist", "Björk",
                    "album_artist", "Björk", "album", "Homogénic", "title", "Jóga", "track", "1", "genre",
                    "Électronique", "date", "1997"));
            MediaFixtures.remux(audio, music.resolve("Björk/Homogénic/02 - Bachelorette.mp3"), Map.of("artist",
                    "Björk", "album_artist", "Björk", "album", "Homogénic", "title", "Bachelorette", "track", "2",
                    "genre", "Électronique", "date", "1997"));
            MediaFixtures.remux(audio, music.resolve("Sigur Rós - Ágætis byrjun/1 - Svefn-g-englar.mp3"), Map.of());
            Path photos = root.resolve("Photos");
            MediaFixtures.jpeg(photos.resolve("Trip/Day 1/beach.jpg"), 640, 480);
            MediaFixtures.jpeg(photos.resolve("Trip/harbour.jpg"), 640, 480);
            Files.createDirectories(root.getParent().resolve(root.getFileName() + "-outside"));
            return Map.of("cinemesh.media.root", root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The temp folder is left for inspection of a failed run; the OS cleans /tmp.
    }
}
