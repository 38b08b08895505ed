package io.cinemesh.stream.media;

import io.cinemesh.media.MediaFolder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one place in stream-service a stored path becomes a file. Paths never come from a request: they come from
 * library-service's record of a part, and even so {@link MediaFolder} refuses them when they leave the media
 * folder.
 */
@ApplicationScoped
public class MediaRoot {

    private static final Logger LOG = Logger.getLogger(MediaRoot.class);

    private final Optional<MediaFolder> folder;

    @Inject
    public MediaRoot(@ConfigProperty(name = "cinemesh.media.root") Optional<String> root) {
        this.folder = MediaFolder.configured(root);
    }

    /** The regular file a stored relative path names; 404 (never a hint why) when it is missing or escapes. */
    public Path resolve(String relative) {
        MediaFolder media = folder.orElseThrow(() -> new NotFoundException(
                "No media root is configured on this server (CINEMESH_MEDIA)"));
        if (relative == null || relative.isEmpty()) {
            throw unavailable();
        }
        return media.file(relative).orElseThrow(() -> {
            if (media.inside(relative).isEmpty()) {
                LOG.warnf("Refused a media path outside the media root: %s", relative);
            }
            return unavailable();
        });
    }

    private static NotFoundException unavailable() {
        return new NotFoundException("The media file is not available");
    }
}
