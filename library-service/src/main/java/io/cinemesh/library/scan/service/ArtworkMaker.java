package io.cinemesh.library.scan.service;

import io.cinemesh.media.MediaRun;
import io.cinemesh.media.MediaTools;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small JPEGs for items, made with ffmpeg: a frame of a video, a file's embedded cover art, or an image beside the
 * media. Kept small (a few tens of kB) because they live in PostgreSQL.
 */
@ApplicationScoped
public class ArtworkMaker {

    /** Images beside the media that Plex takes as the poster, in order of preference. */
    public static final List<String> FOLDER_IMAGES = List.of("poster.jpg", "folder.jpg", "cover.jpg", "poster.png",
            "folder.png", "cover.png");

    /** A frame grab or a scale of one image takes well under a second; a minute means something is stuck. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Inject
    MediaTools tools;

    /** A frame at {@code atSeconds}, scaled to {@code width} pixels wide. */
    public Optional<byte[]> frame(Path video, double atSeconds, int width) {
        return run(List.of("-ss", seconds(atSeconds), "-i", video.toString(),
                "-frames:v", "1", "-vf", "scale=" + width + ":-2"));
    }

    /**
     * Frames at {@code atSeconds}, one per width, from a single decode: a movie's thumb and art cost one ffmpeg
     * run instead of two (process start and seek are most of a frame grab's cost).
     */
    public List<Optional<byte[]>> frames(Path video, double atSeconds, int... widths) {
        if (widths.length == 1) {
            return List.of(frame(video, atSeconds, widths[0]));
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cinemesh-frames-");
            StringBuilder graph = new StringBuilder("[0:v]split=" + widths.length);
            for (int i = 0; i < widths.length; i++) {
                graph.append("[s").append(i).append(']');
            }
            List<String> args = new ArrayList<>(List.of("-y", "-ss", seconds(atSeconds), "-i", video.toString()));
            List<String> outputs = new ArrayList<>();
            for (int i = 0; i < widths.length; i++) {
                graph.append(";[s").append(i).append("]scale=").append(widths[i]).append(":-2[o").append(i)
                        .append(']');
                outputs.addAll(List.of("-map", "[o" + i + "]", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5",
                        "-f", "image2", dir.resolve(i + ".jpg").toString()));
            }
            args.addAll(List.of("-filter_complex", graph.toString()));
            args.addAll(outputs);
            List<Optional<byte[]>> out = new ArrayList<>();
            boolean ok = exec(tools.ffmpeg("artwork", args).discardOutput()) != null;
            for (int i = 0; i < widths.length; i++) {
                Path f = dir.resolve(i + ".jpg");
                boolean made = ok && Files.isRegularFile(f) && Files.size(f) > 0;
                out.add(made ? Optional.of(Files.readAllBytes(f)) : Optional.empty());
            }
            return out;
        } catch (IOException e) {
            return java.util.Collections.nCopies(widths.length, Optional.empty());
        } finally {
            deleteQuietly(dir);
        }
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
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5", "pipe:1"));
        byte[] out = exec(tools.ffmpeg("artwork", all));
        return out != null && out.length > 0 ? Optional.of(out) : Optional.empty();
    }

    /** Its standard output when it succeeded in time, null otherwise. */
    private static byte[] exec(MediaRun run) {
        try {
            MediaRun.Result r = run.timeout(LIMIT).run();
            return r.ok() ? r.stdout() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String seconds(double s) {
        return String.format(java.util.Locale.ROOT, "%.2f", s);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Left in the temp folder; the OS cleans it.
        }
    }
}
