package io.cinemesh.users.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.users.device.DeviceRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** {@code /devices}: the players seen on this server; the owner sees everyone's, a user its own. */
@Path("/devices")
public class DevicesResource {

    @Inject
    CurrentCaller caller;
    @Inject
    DeviceRegistry devices;

    @GET
    public Uni<MediaContainer> list() {
        Caller me = caller.get();
        return devices.list(me.isOwner() ? null : me.userId()).map(list -> {
            MediaContainer mc = new MediaContainer().attr("identifier", "com.plexapp.system.devices");
            for (DeviceRegistry.Device d : list) {
                mc.add(PlexElement.of("Device")
                        .attr("id", d.accountId() + ":" + d.clientIdentifier())
                        .attr("name", d.name() == null ? d.clientIdentifier() : d.name())
                        .attr("platform", d.platform() == null ? "" : d.platform())
                        .attr("product", d.product() == null ? "" : d.product())
                        .attr("clientIdentifier", d.clientIdentifier())
                        .attr("accountID", d.accountId())
                        .attr("createdAt", d.firstSeen().toEpochSecond())
                        .attr("lastSeenAt", d.lastSeen().toEpochSecond()));
            }
            return mc;
        });
    }
}
