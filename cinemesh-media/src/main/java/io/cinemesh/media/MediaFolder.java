package io.cinemesh.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder all media lives under ({@code CINEMESH_MEDIA}), and the one check that a path stays inside it. Every
 * service that turns a path into a file goes through here: library-service for section folders a client names,
 * stream-service for the part files library-service recorded, the gateway for the files stream-service hands
 * back. A path stays inside when it does so written out ({@code ..} removed) and, once it exists, with every
 * symlink followed: a link inside the library must not lead to /etc.
 */
public final class MediaFolder {

    private final Path root;

    public MediaFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The configured folder, when one is set. */
    public static Optional<MediaFolder> configured(Optional<String> setting) {
        try {
            return setting.map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).map(MediaFolder::new);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The folder, absolute and normalised. */
    public Path root() {
        return root;
    }

    /**
     * Where {@code path} (relative to the folder, or absolute) leads, normalised, when it stays inside the folder,
     * also through symlinks if it exists; empty when it leaves the folder or is no path at all (a NUL, say).
     * What it names need not exist; "" is the folder itself.
     */
    public Optional<Path> inside(String path) {
        Optional<Path> written = written(path);
        if (written.isEmpty() || !Files.exists(written.get(), LinkOption.NOFOLLOW_LINKS)) {
            return written;
        }
        return real(written.get()).map(r -> written.get());
    }

    /** The real path of the regular file {@code path} names inside the folder; empty otherwise. */
    public Optional<Path> file(String path) {
        return written(path).flatMap(this::real).filter(Files::isRegularFile);
    }

    /** The real path of the folder {@code path} names inside the media folder; empty otherwise. */
    public Optional<Path> folder(String path) {
        return written(path).flatMap(this::real).filter(Files::isDirectory);
    }

    /** {@code absolute} relative to the folder, with '/' separators ("" for the folder itself). */
    public String relative(Path absolute) {
        Path abs = absolute.toAbsolutePath().normalize();
        Path base = abs.startsWith(root) ? root : realRoot().filter(abs::startsWith).orElse(root);
        return base.relativize(abs).toString().replace(absolute.getFileSystem().getSeparator(), "/");
    }

    private Optional<Path> written(String path) {
        if (path == null || path.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        try {
            Path abs = root.resolve(path).normalize();
            // An absolute path may name the folder by its real path when the configured one is a link
            // (CINEMESH_MEDIA=/media -> /mnt/disk): stream-service hands the gateway real paths.
            return abs.startsWith(root) || realRoot().filter(abs::startsWith).isPresent() ? Optional.of(abs)
                    : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> realRoot() {
        try {
            return Optional.of(root.toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> real(Path written) {
        try {
            Path real = written.toRealPath();
            return realRoot().filter(real::startsWith).isPresent() ? Optional.of(real) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
