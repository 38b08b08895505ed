package io.cinemesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real media files for tests, made with the real ffmpeg. One short stub is encoded once per stub kind and JVM;
 * every file is then a {@code -c copy} remux of it with its own tags, about 0.2 s each, so a test library of
 * dozens of files takes seconds.
 */
public final class MediaFixtures {

    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "cinemesh-media-stubs");

    private MediaFixtures() {
    }

    /** A 1080p30 H.264 High + AAC stereo MP4 of {@code seconds} seconds (test pattern and a tone). */
    public static synchronized Path videoStub(int seconds) {
        Path stub = CACHE.resolve("video-" + seconds + "s.mp4");
        if (!Files.exists(stub)) {
            ffmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i",
                    "sine=frequency=440:sample_rate=48000", "-t", Integer.toString(seconds), "-c:v", "libx264",
                    "-profile:v", "high", "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-g", "60", "-c:a", "aac",
                    "-ac", "2", "-b:a", "96k", "-movflags", "+faststart"), stub);
        }
        return stub;
    }

    /** A stereo MP3 of {@code seconds} seconds. */
    public static synchronized Path audioStub(int seconds) {
        Path stub = CACHE.resolve("audio-" + seconds + "s.mp3");
        if (!Files.exists(stub)) {
            ffmpeg(List.of("-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100", "-t",
                    Integer.toString(seconds), "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k"), stub);
        }
        return stub;
    }

    /** Copies {@code stub} to {@code dest} (container from the extension) with the given metadata tags. */
    public static Path remux(Path stub, Path dest, Map<String, String> tags) {
        List<String> args = new ArrayList<>(List.of("-i", stub.toString(), "-map", "0", "-c", "copy"));
        tags.forEach((k, v) -> {
            args.add("-metadata");
            args.add(k + "=" + v);
        });
        ffmpeg(args, dest);
        return dest;
    }

    /** A JPEG of the given size. */
    public static Path jpeg(Path dest, int width, int height) {
        ffmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=1", "-frames:v", "1"),
                dest);
        return dest;
    }

    /** Runs ffmpeg with {@code args} writing {@code output}; fails the test with ffmpeg's own words. */
    public static void ffmpeg(List<String> args, Path output) {
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            Path tmp = output.resolveSibling(".tmp-" + System.nanoTime() + "-" + output.getFileName());
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-y"));
            cmd.addAll(args);
            cmd.add(tmp.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                Files.deleteIfExists(tmp);
                throw new IllegalStateException("ffmpeg failed for " + output + ": " + out);
            }
            Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("ffmpeg is needed for tests (apt-get install ffmpeg)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
