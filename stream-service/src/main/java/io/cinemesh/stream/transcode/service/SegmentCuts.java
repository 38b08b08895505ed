package io.cinemesh.stream.transcode.service;

import io.cinemesh.media.MediaRun;
import io.cinemesh.media.MediaTools;
import io.cinemesh.stream.media.MediaRoot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Segment boundaries of a direct stream (video copied). A copy can only be cut on the source's key frames, so the
 * segments are cut at the first key frame at or after each multiple of the segment length past the previous cut
 * (an absolute grid, as the best servers do): lengths vary, and the same key frames give the same segments on
 * every replica and after any seek. The key frames are read once per file (ffprobe packet flags, no decoding) and
 * kept here by path, size and modification time; the cuts go into the session row, which every replica reads.
 */
@ApplicationScoped
public class SegmentCuts {

    private static final Logger LOG = Logger.getLogger(SegmentCuts.class);
    private static final int MAX_FILES = 256;

    @Inject
    MediaRoot mediaRoot;
    @Inject
    MediaTools tools;

    private record FileKey(String file, long size, long mtime) {
    }

    private final Map<FileKey, long[]> keyFrames = new ConcurrentHashMap<>();

    /** The session's segment ends (ms, comma-separated, the last one the duration). Blocking: runs ffprobe. */
    public String ends(String file, long durationMs, int segmentSeconds) {
        return join(cut(keyFramesMs(mediaRoot.resolve(file)), durationMs, segmentSeconds * 1000L));
    }

    /** Cut at the first key frame at or after the next multiple of {@code lengthMs} past the previous cut. */
    static List<Long> cut(long[] keysMs, long durationMs, long lengthMs) {
        List<Long> ends = new ArrayList<>();
        long last = 0;
        for (long key : keysMs) {
            long target = (last / lengthMs + 1) * lengthMs;
            if (key >= target && key < durationMs) {
                ends.add(key);
                last = key;
            }
        }
        ends.add(durationMs);
        return ends;
    }

    private static String join(List<Long> ends) {
        StringJoiner j = new StringJoiner(",");
        ends.forEach(e -> j.add(Long.toString(e)));
        return j.toString();
    }

    long[] keyFramesMs(Path media) {
        FileKey key;
        try {
            key = new FileKey(media.toString(), Files.size(media), Files.getLastModifiedTime(media).toMillis());
        } catch (IOException e) {
            throw new ServiceUnavailableException("The media file is not readable here; ask again");
        }
        long[] known = keyFrames.get(key);
        if (known != null) {
            return known;
        }
        long[] found = probe(media);
        if (keyFrames.size() >= MAX_FILES) {
            keyFrames.clear();
        }
        keyFrames.put(key, found);
        return found;
    }

    /** Key-frame times of the first video stream, from the packet flags: reads the file once, decodes nothing. */
    private long[] probe(Path media) {
        TreeSet<Long> keys = new TreeSet<>();
        try {
            MediaRun.Result r = tools.ffprobe("key-frames", List.of("-select_streams", "v:0", "-show_entries",
                    "packet=pts_time,flags", "-of", "csv=p=0", media.toString())).lines(line -> {
                        int comma = line.indexOf(',');
                        if (comma > 0 && line.indexOf('K', comma) > 0) {
                            try {
                                keys.add(Math.round(Double.parseDouble(line.substring(0, comma)) * 1000));
                            } catch (NumberFormatException ignored) {
                                // "N/A": a packet without a time is no place to cut
                            }
                        }
                    }).timeout(Duration.ofSeconds(120)).run();
            if (!r.ok()) {
                LOG.warnf("ffprobe could not read the key frames of %s: %s", media.getFileName(),
                        r.timedOut() ? "timed out" : r.reason());
                throw new ServiceUnavailableException("The media's key frames could not be read; ask again");
            }
            LOG.debugf("%d key frames in %s", keys.size(), media);
            return keys.stream().mapToLong(Long::longValue).toArray();
        } catch (IOException e) {
            throw new ServiceUnavailableException("ffprobe could not run (is ffmpeg installed?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("Interrupted while reading the media's key frames");
        }
    }
}
