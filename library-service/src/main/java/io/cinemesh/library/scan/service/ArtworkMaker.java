package io.cinemesh.library.scan.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Small JPEGs for items, made with ffmpeg: a frame of a video, a file's embedded cover art, or an image beside the
 * media. Kept small (a few tens of kB) because they live in PostgreSQL.
 */
@ApplicationScoped
public class ArtworkMaker {

    /** Images beside the media that Plex takes as the poster, in order of preference. */
    public static final List<String> FOLDER_IMAGES = List.of("poster.jpg", "folder.jpg", "cover.jpg", "poster.png",
            "folder.png", "cover.png");

    @ConfigProperty(name = "cinemesh.library.ffmpeg", defaultValue = "ffmpeg")
    String ffmpeg;

    /** A frame at {@code atSeconds}, scaled to {@code width} pixels wide. */
    public Optional<byte[]> frame(Path video, double atSeconds, int width) {
        return run(List.of("-ss", String.format(java.util.Locale.ROOT, "%.2f", atSeconds), "-i", video.toString(),
                "-frames:v", "1", "-vf", "scale=" + width + ":-2"));
    }

    /** The embedded cover art (an attached picture) of an audio or video file. */
    public Optional<byte[]> embeddedCover(Path file, int width) {
        return run(List.of("-i", file.toString(), "-map", "0:v:0", "-frames:v", "1", "-vf",
                "scale='min(" + width + ",iw)':-2"));
    }

    /** An image file, scaled down to at most {@code width} pixels wide. */
    public Optional<byte[]> image(Path image, int width) {
        return run(List.of("-i", image.toString(), "-frames:v", "1", "-vf", "scale='min(" + width + ",iw)':-2"));
    }

    /** The first poster/folder/cover image in {@code dir}. */
    public static Optional<Path> folderImage(Path dir) {
        for (String name : FOLDER_IMAGES) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private Optional<byte[]> run(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error"));
        cmd.addAll(args);
        cmd.addAll(List.of("-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5", "pipe:1"));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && out.length > 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
