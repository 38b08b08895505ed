package io.cinemesh.gateway.rest;

import io.cinemesh.gateway.client.ServerIdentityCache;
import io.cinemesh.gateway.client.ServerIdentityClient.ServerIdentity;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.tokens.PublicEndpoint;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ServiceUnavailableException;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code /} and {@code /identity}, as plex-protocol.md section 6 describes them. */
@Path("/")
public class ServerResource {

    /** The top-level directories clients may browse; each is served by some service behind the gateway. */
    private static final String[] DIRECTORIES = {"activities", "hubs", "library", "playlists", "playQueues",
        "status", "transcode"};

    @Inject
    ServerIdentityCache identities;

    @ConfigProperty(name = "cinemesh.plex-version")
    String version;

    @ConfigProperty(name = "cinemesh.server.machine-identifier")
    java.util.Optional<String> machineIdentifierOverride;

    private final long startedAt = Instant.now().getEpochSecond();

    @GET
    public MediaContainer root() {
        ServerIdentity id = knownIdentity();
        MediaContainer mc = new MediaContainer()
                .attr("friendlyName", id.friendlyName())
                .attr("machineIdentifier", machineIdentifier(id))
                .attr("version", version)
                .attr("platform", "Linux")
                .attr("platformVersion", System.getProperty("os.version"))
                .attr("ownerFeatures", "")
                .attr("myPlex", false)
                .attr("myPlexSigninState", "none")
                .attr("myPlexMappingState", "unknown")
                .attr("multiuser", true)
                .attr("allowMediaDeletion", true)
                .attr("allowSharing", true)
                .attr("allowSync", false)
                .attr("transcoderVideo", true)
                .attr("transcoderAudio", true)
                .attr("transcoderPhoto", true)
                .attr("transcoderActiveVideoSessions", 0)
                .attr("transcoderVideoBitrates", "64,96,208,320,720,1500,2000,3000,4000,8000,10000,12000,20000")
                .attr("transcoderVideoQualities", "0,1,2,3,4,5,6,7,8,9,10,11,12")
                .attr("transcoderVideoResolutions", "128,128,160,240,320,480,768,720,720,1080,1080,1080,1080")
                .attr("hubSearch", true)
                .attr("countryCode", "usa")
                .attr("apiVersion", "1.1.1")
                .attr("updatedAt", startedAt);
        for (String d : DIRECTORIES) {
            mc.add(PlexElement.of("Directory").attr("count", 1).attr("key", d).attr("title", d));
        }
        return mc;
    }

    @GET
    @Path("identity")
    @PublicEndpoint
    public MediaContainer identity() {
        ServerIdentity id = knownIdentity();
        return new MediaContainer()
                .attr("size", 0)
                .attr("claimed", true)
                .attr("machineIdentifier", machineIdentifier(id))
                .attr("version", version);
    }

    private ServerIdentity knownIdentity() {
        return identities.get().orElseThrow(() -> new ServiceUnavailableException(
                "Cinemesh is starting: the server identity is not known yet", 2L));
    }

    private String machineIdentifier(ServerIdentity id) {
        return machineIdentifierOverride.filter(s -> !s.isBlank()).orElse(id.machineIdentifier());
    }
}
