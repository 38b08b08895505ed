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

    /** How real films place their key frames, for {@link #film}. */
    public enum KeyFrames {
        /** x264's default: a key frame every 10 s (240 frames), none at scene changes. */
        GOP_10S,
        /** Key frames at ten scene changes 1.6 to 12 s apart (and every 10 s within a long scene). */
        VARIABLE_GOP,
        /** Open GOPs (x264 {@code open-gop=1}), a key frame every 5 s: non-IDR I frames after the first. */
        OPEN_GOP
    }

    /** Scene lengths (s) and test sources of the variable-GOP film: 60 s in all. */
    private static final double[] SCENES = {7.3, 3.1, 10.9, 1.6, 2.2, 12.0, 4.5, 6.0, 4.4, 8.0};
    private static final String[] SOURCES = {"testsrc", "smptebars", "testsrc2", "yuvtestsrc", "rgbtestsrc",
        "smptehdbars", "testsrc", "yuvtestsrc", "smptebars", "testsrc2"};

    /**
     * A film shaped like people's files: 60 s of 640x360 at 24 fps, x264 with B-frames, key frames as {@code shape}
     * says, and two AAC tracks (440 Hz stereo, 660 Hz mono), as MKV or MP4 ({@code ext}). Made once per shape
     * (seconds of encoding), then remuxed per container.
     */
    public static synchronized Path film(KeyFrames shape, String ext) {
        Path mkv = CACHE.resolve("film-" + shape.name().toLowerCase(java.util.Locale.ROOT) + ".mkv");
        if (!Files.exists(mkv)) {
            List<String> args = new ArrayList<>();
            String video;
            if (shape == KeyFrames.VARIABLE_GOP) {
                StringBuilder graph = new StringBuilder();
                for (int i = 0; i < SCENES.length; i++) {
                    graph.append(SOURCES[i]).append("=size=640x360:rate=24,trim=duration=").append(SCENES[i])
                            .append(",setpts=PTS-STARTPTS,format=yuv420p[s").append(i).append("];");
                }
                for (int i = 0; i < SCENES.length; i++) {
                    graph.append("[s").append(i).append(']');
                }
                args.addAll(List.of("-f", "lavfi", "-i", graph.append("concat=n=").append(SCENES.length)
                        .append(":v=1:a=0").toString()));
                video = "-g 240 -keyint_min 24 -sc_threshold 40";
            } else {
                args.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=640x360:rate=24"));
                video = shape == KeyFrames.GOP_10S ? "-g 240 -sc_threshold 0"
                        : "-g 120 -sc_threshold 0 -x264-params open-gop=1";
            }
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-f", "lavfi", "-i",
                    "sine=frequency=660:sample_rate=48000", "-t", "60", "-map", "0:v", "-map", "1:a", "-map", "2:a",
                    "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-pix_fmt", "yuv420p"));
            args.addAll(List.of(video.split(" ")));
            args.addAll(List.of("-c:a", "aac", "-b:a", "64k", "-ac:a:0", "2", "-ac:a:1", "1"));
            ffmpeg(args, mkv);
        }
        if ("mkv".equals(ext)) {
            return mkv;
        }
        Path other = mkv.resolveSibling(mkv.getFileName().toString().replace(".mkv", "." + ext));
        if (!Files.exists(other)) {
            ffmpeg(List.of("-i", mkv.toString(), "-map", "0", "-c", "copy"), other);
        }
        return other;
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
