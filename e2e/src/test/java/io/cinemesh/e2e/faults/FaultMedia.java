package io.cinemesh.e2e.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** The fault suite's library, made with ffmpeg: films as the cases need them, and a folder of broken media. */
public final class FaultMedia {

    /** Seconds of each film: long enough for a kill mid-stream, short enough for the suite's budget. */
    public static final int FILM_SECONDS = 32;
    /** Films in Broken/ that are fine; the scan must add exactly these. */
    public static final int GOOD_IN_BROKEN = 6;

    private FaultMedia() {
    }

    /**
     * Movies/: "Ten Second Gop (2020).mkv", shaped like a film people have: 1280×720 H.264 with B-frames and a key
     * frame every 10 s only (the hard case for a remux cut on 4-s segments), English stereo AAC (default), French
     * mono AAC and an English SubRip track; "Small (2021).mp4", 320×180, key frame every 2 s, for the many cheap
     * streams of the restart case.
     */
    public static void movies(Path root) throws Exception {
        Path movies = Files.createDirectories(root.resolve("Movies"));
        Path srt = Files.createTempFile("fault-film", ".srt");
        StringBuilder cues = new StringBuilder();
        for (int i = 0; i < FILM_SECONDS / 4; i++) {
            cues.append(i + 1).append(String.format("%n00:00:%02d,000 --> 00:00:%02d,500%nLine %d%n%n", i * 4,
                    i * 4 + 2, i + 1));
        }
        Files.writeString(srt, cues);
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24:duration=" + FILM_SECONDS,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + FILM_SECONDS,
                "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000:duration=" + FILM_SECONDS,
                "-i", srt.toString(), "-map", "0:v", "-map", "1:a", "-map", "2:a", "-map", "3:s",
                "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-pix_fmt", "yuv420p", "-b:v", "6M",
                "-g", "240", "-keyint_min", "240", "-sc_threshold", "0", "-c:a", "aac", "-ac:a:0", "2",
                "-b:a:0", "128k", "-ac:a:1", "1", "-b:a:1", "64k", "-c:s", "srt", "-metadata:s:a:0", "language=eng",
                "-metadata:s:a:1", "language=fre", "-metadata:s:s:0", "language=eng", "-disposition:a:0", "default",
                "-disposition:a:1", "0", movies.resolve("Ten Second Gop (2020).mkv").toString());
        Files.delete(srt);
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24:duration=" + FILM_SECONDS,
                "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=48000:duration=" + FILM_SECONDS,
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "48",
                "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", movies.resolve("Small (2021).mp4").toString());
    }

    /**
     * Broken/: a zero-byte file, a truncated film, random bytes, a text file with a film's extension, a picture
     * of 8000×8000 pixels in a film container, {@link #GOOD_IN_BROKEN} good films, and {@code Vanishing (2019).mp4}
     * that {@link #vanish} deletes while the scan runs. Returns the names of the broken ones.
     */
    public static List<String> broken(Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("Broken"));
        Path small = root.resolve("Movies/Small (2021).mp4");
        for (int i = 1; i <= GOOD_IN_BROKEN; i++) {
            Files.copy(small, dir.resolve("Good Film " + i + " (" + (2000 + i) + ").mp4"));
        }
        Files.copy(small, dir.resolve("Vanishing (2019).mp4"));
        List<String> bad = new ArrayList<>();
        Files.write(dir.resolve("Zero Bytes (2001).mkv"), new byte[0]);
        bad.add("Zero Bytes (2001).mkv");
        byte[] film = Files.readAllBytes(root.resolve("Movies/Ten Second Gop (2020).mkv"));
        Files.write(dir.resolve("Truncated (2002).mkv"), java.util.Arrays.copyOf(film, 4096));
        bad.add("Truncated (2002).mkv");
        byte[] garbage = new byte[256 * 1024];
        new Random(13).nextBytes(garbage);
        Files.write(dir.resolve("Garbage (2003).mp4"), garbage);
        bad.add("Garbage (2003).mp4");
        Files.writeString(dir.resolve("Not A Film (2004).avi"), "these are not the frames you are looking for\n");
        bad.add("Not A Film (2004).avi");
        ffmpeg("-f", "lavfi", "-i", "color=c=blue:size=8000x8000:rate=1:duration=1", "-frames:v", "1",
                "-c:v", "mjpeg", "-q:v", "31", dir.resolve("Huge Dimensions (2005).mkv").toString());
        return bad;
    }

    public static void vanish(Path root) throws Exception {
        Files.deleteIfExists(root.resolve("Broken/Vanishing (2019).mp4"));
    }

    private static void ffmpeg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + out);
        }
    }
}
