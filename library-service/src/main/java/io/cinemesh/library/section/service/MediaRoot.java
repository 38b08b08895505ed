package io.cinemesh.library.section.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The folder all media lives under ({@code cinemesh.media.root}). Section folders and part files are stored
 * relative to it; anything from a request is resolved, normalised and checked to stay inside it, symlinks
 * included, before the file system sees it.
 */
@ApplicationScoped
public class MediaRoot {

    @ConfigProperty(name = "cinemesh.media.root")
    Optional<String> configured;

    public Path root() {
        String r = configured.filter(s -> !s.isBlank()).orElseThrow(() -> new BadRequestException(
                "No media root is configured (set CINEMESH_MEDIA)"));
        return Path.of(r).toAbsolutePath().normalize();
    }

    /** The root, or null when none is configured: item lists still render, with part files left relative. */
    public Path rootOrNull() {
        try {
            return root();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Validates a section folder as given by a client (absolute, or relative to the media root) and returns it
     * relative to the root with '/' separators ("" for the root itself).
     */
    public String locationOf(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new BadRequestException("location is required: a folder inside the media root");
        }
        Path root = root();
        Path p = Path.of(requested.trim());
        Path abs = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        if (!abs.startsWith(root)) {
            throw new BadRequestException("location '" + requested + "' is outside the media root " + root);
        }
        try {
            Path realRoot = root.toRealPath();
            if (!Files.isDirectory(abs)) {
                throw new BadRequestException("location '" + requested + "' is not a folder");
            }
            if (!abs.toRealPath().startsWith(realRoot)) {
                throw new BadRequestException("location '" + requested + "' leads outside the media root " + root);
            }
        } catch (IOException e) {
            throw new BadRequestException("location '" + requested + "' cannot be read");
        }
        return relative(abs);
    }

    /** A stored relative path, resolved under the root; empty when it would leave the root. */
    public Optional<Path> resolve(String relative) {
        Path root = root();
        Path abs = root.resolve(relative).normalize();
        if (!abs.startsWith(root)) {
            return Optional.empty();
        }
        try {
            if (Files.exists(abs) && !abs.toRealPath().startsWith(root.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(abs);
    }

    public String relative(Path absolute) {
        return root().relativize(absolute.toAbsolutePath().normalize()).toString()
                .replace(absolute.getFileSystem().getSeparator(), "/");
    }
}
