package io.cinemesh.stream.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Results of ffmpeg runs (resized images, converted subtitles) kept on the node's scratch disk, so the same
 * request does not run ffmpeg again. Files are named by a hash of everything that shapes them; past
 * {@code maxBytes} the least recently used go first. Blocking.
 */
public final class ScratchCache {

    private final Path dir;
    private final long maxBytes;

    public ScratchCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** A cache key from the parts that decide the result (bytes or text). */
    public static String key(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object p : parts) {
                sha.update(p instanceof byte[] b ? b : String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<byte[]> get(String key) {
        Path file = dir.resolve(key);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps {@code bytes} under {@code key}; a cache that cannot write only costs a later ffmpeg run. */
    public void put(String key, byte[] bytes) {
        if (bytes.length > maxBytes) {
            return;
        }
        try {
            Files.createDirectories(dir);
            // Written aside and moved: a concurrent reader never sees half a file.
            Path tmp = dir.resolve(key + "." + System.nanoTime() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, dir.resolve(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            bound();
        } catch (IOException ignored) {
            // scratch full or gone: serve this answer uncached
        }
    }

    private synchronized void bound() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(p -> !p.getFileName().toString().endsWith(".tmp")).toList();
        }
        long total = files.stream().mapToLong(p -> p.toFile().length()).sum();
        if (total <= maxBytes) {
            return;
        }
        List<Path> oldestFirst = files.stream()
                .sorted(Comparator.comparingLong(p -> p.toFile().lastModified())).toList();
        for (Path p : oldestFirst) {
            if (total <= maxBytes) {
                break;
            }
            long size = p.toFile().length();
            if (Files.deleteIfExists(p)) {
                total -= size;
            }
        }
    }
}
