package io.cinemesh.stream.photo.service;

import io.cinemesh.media.MediaRun;
import io.cinemesh.media.MediaTools;
import io.cinemesh.stream.media.ScratchCache;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resizes artwork with ffmpeg, a few at a time: a grid of posters asks for dozens at once, and each resize is
 * a process and a core. Past {@code cinemesh.photo.max-concurrent} running, a request is refused at once with
 * 503 and Retry-After rather than queued. Results are cached on scratch by the source image's bytes and the
 * asked shape, so the same poster at the same size is made once; the source is still fetched as the caller
 * (shares decide), the cache only saves ffmpeg.
 */
@ApplicationScoped
public class PhotoResizer {

    /** How a picture is asked for: box, cover (minSize) or fit, upscaling, PNG or JPEG. */
    public record Shape(int width, int height, boolean cover, boolean upscale, boolean png) {
    }

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Inject
    MediaTools tools;
    @ConfigProperty(name = "cinemesh.scratch")
    Path scratch;
    @ConfigProperty(name = "cinemesh.photo.max-concurrent", defaultValue = "2")
    int maxConcurrent;
    @ConfigProperty(name = "cinemesh.photo.cache-max-mb", defaultValue = "256")
    long cacheMaxMb;

    private Semaphore running;
    private ScratchCache cache;
    private final AtomicLong resizes = new AtomicLong();

    @PostConstruct
    void init() {
        running = new Semaphore(Math.max(0, maxConcurrent));
        cache = new ScratchCache(scratch.resolve("photos"), cacheMaxMb * 1024 * 1024);
    }

    /** How many times ffmpeg resized an image since start (cache hits do not count). */
    public long resizes() {
        return resizes.get();
    }

    /** The image in {@code shape}, from the cache or made now. Blocking. */
    public byte[] resize(byte[] image, Shape shape) {
        String key = ScratchCache.key(image, shape);
        var cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (!running.tryAcquire()) {
            throw new WebApplicationException("The server is resizing as many images as it can; try again shortly",
                    Response.status(503).header("Retry-After", "2").build());
        }
        try {
            resizes.incrementAndGet();
            byte[] out = ffmpeg(image, shape);
            cache.put(key, out);
            return out;
        } finally {
            running.release();
        }
    }

    private byte[] ffmpeg(byte[] image, Shape s) {
        String fit = s.cover() ? "increase" : "decrease";
        String scale = s.upscale() ? "scale=" + s.width() + ":" + s.height() + ":force_original_aspect_ratio=" + fit
                : "scale='min(" + s.width() + ",iw)':'min(" + s.height() + ",ih)':force_original_aspect_ratio=" + fit;
        List<String> args = List.of("-i", "pipe:0", "-vf", scale + ",scale=trunc(iw/2)*2:trunc(ih/2)*2",
                "-frames:v", "1", "-f", "image2pipe", "-c:v", s.png() ? "png" : "mjpeg", "-q:v", "3", "pipe:1");
        try {
            MediaRun.Result r = tools.ffmpeg("photo", args).stdin(image).timeout(LIMIT).run();
            if (r.timedOut()) {
                throw new ServiceUnavailableException("Resizing the image took too long");
            }
            if (!r.ok() || r.stdout().length == 0) {
                throw new BadRequestException("The image could not be read");
            }
            return r.stdout();
        } catch (IOException e) {
            throw new ServiceUnavailableException("The image resizer is not available (is ffmpeg installed?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("Interrupted");
        }
    }
}
