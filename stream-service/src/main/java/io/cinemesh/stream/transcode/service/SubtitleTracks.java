package io.cinemesh.stream.transcode.service;

import io.cinemesh.media.MediaRun;
import io.cinemesh.media.MediaTools;
import io.cinemesh.stream.media.MediaRoot;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Text subtitles as the HLS subtitle rendition: the selected subtitle is converted to WebVTT once per replica
 * (into the session's scratch folder) and cut into segments on the video's own boundaries, so segment N of the
 * subtitles carries the cues shown during video segment N, whichever replica is asked. Also converts a subtitle
 * for download ({@code /library/streams/{id}}).
 */
@ApplicationScoped
public class SubtitleTracks {

    private static final Logger LOG = Logger.getLogger(SubtitleTracks.class);
    /**
     * ffmpeg's MPEG-TS muxer starts timestamps at 1.4 s (its default muxdelay); segments cut on key frames have
     * that plus their source time, so cue time 0 maps to MPEG-TS 126000 (90 kHz). A transcoding job's are later by
     * {@link TranscodeJob#TIMELINE_OFFSET_S}.
     */
    static final long MPEGTS_ORIGIN = 126_000;
    private static final Pattern TIMING = Pattern.compile(
            "^\\s*((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{3})\\s+-->\\s+((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{3})(.*)$");

    @Inject
    MediaRoot mediaRoot;
    @Inject
    MediaTools tools;

    @ConfigProperty(name = "cinemesh.scratch")
    Path scratch;

    /** One cue: times in milliseconds of the source, settings as written after the end time, text lines. */
    public record Cue(long startMs, long endMs, String settings, String text) {
    }

    /**
     * Before a job that burns a sidecar subtitle starts: a copy of the sidecar in the session's scratch folder,
     * for ffmpeg to read under a plain name. Blocking.
     */
    public void prepareBurn(TranscodeSessionRecord s) {
        if (!"burn".equals(s.subtitleDecision) || s.subtitleFile == null) {
            return;
        }
        Path copy = scratch.resolve(s.id).resolve(SubtitleBurn.sidecarCopy(s));
        try {
            if (!Files.exists(copy)) {
                Files.createDirectories(copy.getParent());
                Path tmp = copy.resolveSibling("burn-" + System.nanoTime() + ".tmp");
                Files.copy(mediaRoot.resolve(s.subtitleFile), tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new ServiceUnavailableException("The subtitles could not be prepared; ask again");
        }
    }

    /** Segment {@code n}: every cue that is on screen at some time during video segment n. Blocking. */
    public String segment(TranscodeSessionRecord r, int n) {
        long from = r.segmentStartMs(n);
        long to = r.segmentEndMs(n);
        // Offset as the job that makes the segments offsets them.
        long origin = MPEGTS_ORIGIN
                + (r.keyFrameSegments() ? 0 : Math.round(TranscodeJob.TIMELINE_OFFSET_S * 90_000));
        StringBuilder b = new StringBuilder("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:").append(origin)
                .append(",LOCAL:00:00:00.000\n");
        for (Cue c : cues(r)) {
            if (c.startMs() < to && c.endMs() > from) {
                b.append('\n').append(time(c.startMs())).append(" --> ").append(time(c.endMs()))
                        .append(c.settings()).append('\n').append(c.text()).append('\n');
            }
        }
        return b.toString();
    }

    private List<Cue> cues(TranscodeSessionRecord r) {
        Path vtt = scratch.resolve(r.id).resolve("subtitles.vtt");
        try {
            if (!Files.exists(vtt)) {
                Files.createDirectories(vtt.getParent());
                byte[] made = convert(r.subtitleFile != null ? mediaRoot.resolve(r.subtitleFile)
                        : mediaRoot.resolve(r.file), r.subtitleFile != null ? null : r.subtitleIndex, "webvtt");
                // Written aside and moved: a concurrent request never reads half a file.
                Path tmp = vtt.resolveSibling("subtitles-" + System.nanoTime() + ".tmp");
                Files.write(tmp, made);
                Files.move(tmp, vtt, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            TranscodeJobs.touch(vtt.getParent());
            return parse(Files.readString(vtt, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServiceUnavailableException("The subtitles could not be prepared; ask again");
        }
    }

    /**
     * The subtitle in {@code format} (webvtt, srt or ass) made by ffmpeg from a sidecar file ({@code index} null)
     * or from the stream at {@code index} of a media file. Blocking.
     */
    public byte[] convert(Path source, Integer index, String format) {
        List<String> args = List.of("-i", source.toString(), "-map", index == null ? "0:s:0" : "0:" + index, "-c:s",
                format, "-f", format, "pipe:1");
        try {
            MediaRun.Result r = tools.ffmpeg("subtitle", args).timeout(Duration.ofSeconds(60)).run();
            if (!r.ok()) {
                LOG.warnf("ffmpeg could not convert the subtitle of %s to %s: %s", source.getFileName(), format,
                        r.timedOut() ? "timed out" : r.reason());
                throw new ServiceUnavailableException("The subtitle could not be converted");
            }
            return r.stdout();
        } catch (IOException e) {
            throw new ServiceUnavailableException("The subtitle converter could not start (is ffmpeg installed?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("Interrupted while converting the subtitle");
        }
    }

    /** The cues of a WebVTT document (as ffmpeg writes it: optional identifiers, no regions or styles). */
    public static List<Cue> parse(String vtt) {
        List<Cue> cues = new ArrayList<>();
        String[] blocks = vtt.replace("\r\n", "\n").split("\n\\s*\n");
        for (String block : blocks) {
            String[] lines = block.split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher m = TIMING.matcher(lines[i]);
                if (m.matches()) {
                    String text = String.join("\n", java.util.Arrays.copyOfRange(lines, i + 1, lines.length)).strip();
                    if (!text.isEmpty()) {
                        cues.add(new Cue(millis(m.group(1)), millis(m.group(2)), m.group(3).stripTrailing(), text));
                    }
                    break;
                }
            }
        }
        return cues;
    }

    static long millis(String t) {
        String[] parts = t.replace(',', '.').split(":");
        long ms = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            ms = ms * 60 + Long.parseLong(parts[i]);
        }
        String[] sec = parts[parts.length - 1].split("\\.");
        return (ms * 60 + Long.parseLong(sec[0])) * 1000 + Long.parseLong(sec[1]);
    }

    static String time(long ms) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                ms % 1000);
    }
}
