package io.cinemesh.stream.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one place a stored relative path becomes a file. Paths never come from a request: they come from
 * library-service's record of a part, and even so are normalised and refused when they leave the media root,
 * before and after symlinks are resolved (a link inside the library must not lead to /etc).
 */
@ApplicationScoped
public class MediaRoot {

    private static final Logger LOG = Logger.getLogger(MediaRoot.class);

    private final Optional<Path> root;

    @Inject
    public MediaRoot(@ConfigProperty(name = "cinemesh.media.root") Optional<String> root) {
        this.root = root.filter(r -> !r.isBlank()).map(r -> Path.of(r).toAbsolutePath().normalize());
    }

    /** The regular file a stored relative path names; 404 (never a hint why) when it is missing or escapes. */
    public Path resolve(String relative) {
        if (root.isEmpty()) {
            throw new NotFoundException("No media root is configured on this server (CINEMESH_MEDIA)");
        }
        Path base = root.get();
        if (relative == null || relative.isBlank() || relative.indexOf('\0') >= 0) {
            throw unavailable();
        }
        Path candidate;
        try {
            Path rel = Path.of(relative);
            if (rel.isAbsolute()) {
                throw refuse(relative);
            }
            candidate = base.resolve(rel).normalize();
        } catch (InvalidPathException e) {
            throw unavailable();
        }
        if (!candidate.startsWith(base)) {
            throw refuse(relative);
        }
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(base.toRealPath())) {
                throw refuse(relative);
            }
            if (!Files.isRegularFile(real)) {
                throw unavailable();
            }
            return real;
        } catch (IOException e) {
            throw unavailable();
        }
    }

    private static NotFoundException refuse(String relative) {
        LOG.warnf("Refused a media path outside the media root: %s", relative);
        return unavailable();
    }

    private static NotFoundException unavailable() {
        return new NotFoundException("The media file is not available");
    }
}
