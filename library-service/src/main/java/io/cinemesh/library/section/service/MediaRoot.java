package io.cinemesh.library.section.service;

import io.cinemesh.media.MediaFolder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The media folder as library-service sees it ({@code cinemesh.media.root}). Section folders and part files are
 * stored relative to it; {@link MediaFolder} keeps anything from a request inside it before the file system
 * sees it.
 */
@ApplicationScoped
public class MediaRoot {

    private final Optional<MediaFolder> folder;

    @Inject
    public MediaRoot(@ConfigProperty(name = "cinemesh.media.root") Optional<String> configured) {
        this.folder = MediaFolder.configured(configured);
    }

    public Path root() {
        return folder().root();
    }

    /** The root, or null when none is configured: item lists still render, with part files left relative. */
    public Path rootOrNull() {
        return folder.map(MediaFolder::root).orElse(null);
    }

    /**
     * Validates a section folder as given by a client (absolute, or relative to the media root) and returns it
     * relative to the root with '/' separators ("" for the root itself).
     */
    public String locationOf(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new BadRequestException("location is required: a folder inside the media root");
        }
        MediaFolder media = folder();
        Path inside = media.inside(requested.trim()).orElseThrow(() -> new BadRequestException(
                "location '" + requested + "' is outside the media root " + media.root()));
        if (!Files.isDirectory(inside)) {
            throw new BadRequestException("location '" + requested + "' is not a folder");
        }
        return media.relative(inside);
    }

    /** A stored relative path, resolved under the root; empty when it would leave the root. */
    public Optional<Path> resolve(String relative) {
        return folder().inside(relative);
    }

    public String relative(Path absolute) {
        return folder().relative(absolute);
    }

    private MediaFolder folder() {
        return folder.orElseThrow(() -> new BadRequestException("No media root is configured (set CINEMESH_MEDIA)"));
    }
}
