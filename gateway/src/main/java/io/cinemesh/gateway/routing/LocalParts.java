package io.cinemesh.gateway.routing;

import io.cinemesh.media.MediaFolder;
import io.cinemesh.tokens.PartHandOff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Direct-play bodies the gateway sends itself on a one-box install (see {@link PartHandOff}): a proxy hop copies
 * every byte twice through user space, which on two cores costs most of the throughput a player gets, while
 * {@code sendfile} from the same page cache costs nothing extra. stream-service decides everything; this only
 * refuses a named file that is not a regular file inside the media folder configured here.
 */
@ApplicationScoped
public class LocalParts {

    private static final Logger LOG = Logger.getLogger(LocalParts.class);

    private final Optional<MediaFolder> root;
    private final Counter sent;
    private final Counter refused;

    @Inject
    public LocalParts(@ConfigProperty(name = "cinemesh.parts.handoff", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "cinemesh.media.root") Optional<String> mediaRoot, MeterRegistry registry) {
        this.sent = registry.counter("cinemesh.gateway.part.handoffs", "outcome", "sent");
        this.refused = registry.counter("cinemesh.gateway.part.handoffs", "outcome", "refused");
        this.root = enabled ? MediaFolder.configured(mediaRoot).filter(f -> Files.isDirectory(f.root()))
                : Optional.empty();
        if (enabled && root.isEmpty()) {
            LOG.warn("cinemesh.parts.handoff is on but no media folder (CINEMESH_MEDIA) is readable here: every "
                    + "direct-play body goes through the proxy");
        }
    }

    /** Whether to ask stream-service to hand {@code GET path} back. */
    public boolean wanted(String method, String path) {
        return root.isPresent() && "GET".equals(method) && path.startsWith("/library/parts/");
    }

    /** The file a hand-off names, when it is a regular file inside our media folder. */
    public Optional<Path> file(String header) {
        if (root.isEmpty() || header == null) {
            return Optional.empty();
        }
        try {
            String named = PartHandOff.decodePath(header);
            if (!named.startsWith("/")) {
                return refuse(header);
            }
            return root.get().file(named).or(() -> refuse(header));
        } catch (IllegalArgumentException e) {
            return refuse(header);
        }
    }

    /** The hand-off's body went out from the file here. */
    public void sent() {
        sent.increment();
    }

    /** The hand-off named a good file but no usable range: the body goes through the proxy. */
    public void malformed(String header) {
        refused.increment();
        LOG.warnf("stream-service handed back %s without a usable offset and length, so the body goes through "
                + "the proxy (are the gateway and stream-service of the same release?)", header);
    }

    private Optional<Path> refuse(String header) {
        refused.increment();
        LOG.warnf("stream-service handed back a file outside this gateway's media folder or unreadable here, "
                + "so the body goes through the proxy (is CINEMESH_MEDIA the same for both?): %s", header);
        return Optional.empty();
    }
}
