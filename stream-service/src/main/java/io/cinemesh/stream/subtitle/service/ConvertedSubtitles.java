package io.cinemesh.stream.subtitle.service;

import io.cinemesh.stream.media.ScratchCache;
import io.cinemesh.stream.transcode.service.SubtitleTracks;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Subtitle downloads converted by ffmpeg, cached on scratch: a player asks for the same subtitle each time it
 * starts an episode, and every conversion reads the whole media file. Keyed by the source file (path, size,
 * modification time), the stream and the format, so a replaced file is converted afresh.
 */
@ApplicationScoped
public class ConvertedSubtitles {

    @Inject
    SubtitleTracks tracks;
    @ConfigProperty(name = "cinemesh.scratch")
    Path scratch;
    @ConfigProperty(name = "cinemesh.subtitles.cache-max-mb", defaultValue = "64")
    long cacheMaxMb;

    private ScratchCache cache;
    private final AtomicLong conversions = new AtomicLong();

    @PostConstruct
    void init() {
        cache = new ScratchCache(scratch.resolve("subtitles"), cacheMaxMb * 1024 * 1024);
    }

    /** How many times ffmpeg converted a subtitle here since start (cache hits do not count). */
    public long conversions() {
        return conversions.get();
    }

    /** As {@link SubtitleTracks#convert}, from the cache when this exact conversion was made before. Blocking. */
    public byte[] convert(Path source, Integer index, String format) {
        File f = source.toFile();
        String key = ScratchCache.key(source.toAbsolutePath(), f.length(), f.lastModified(), index, format);
        var cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        conversions.incrementAndGet();
        byte[] out = tracks.convert(source, index, format);
        cache.put(key, out);
        return out;
    }
}
