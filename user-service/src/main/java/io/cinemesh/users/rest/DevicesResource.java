package io.cinemesh.users.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.users.device.DeviceRegistry;
import io.cinemesh.users.repository.DeviceRepository;
import io.cinemesh.users.service.RequestInfo;
import io.cinemesh.users.service.TokenService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code /devices}: the players seen on this server; the owner sees everyone's, a user its own. The owner may
 * remove one, which signs it out.
 */
@Path("/devices")
public class DevicesResource {

    @Inject
    CurrentCaller caller;
    @Inject
    DeviceRegistry devices;

    @Inject
    TokenService tokens;

    /** {@code id} as {@code /devices} lists it: {@code accountID:clientIdentifier}. Owner only. */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id, @Context HttpHeaders headers,
            @Context HttpServerRequest request) {
        Caller me = caller.get();
        if (!me.isOwner()) {
            throw new ForbiddenException("Only the owner may remove devices");
        }
        int colon = id.indexOf(':');
        long accountId;
        try {
            accountId = Long.parseLong(id.substring(0, Math.max(colon, 0)));
        } catch (NumberFormatException e) {
            throw new NotFoundException("No device " + id + " (ids look like 2:client-identifier)");
        }
        if (colon == id.length() - 1) {
            throw new NotFoundException("No device " + id + " (ids look like 2:client-identifier)");
        }
        return tokens.forgetDevice(me, accountId, id.substring(colon + 1), RequestInfo.of(headers, request))
                .map(revoked -> Response.noContent().header("X-Cinemesh-Revoked-Tokens", revoked).build());
    }

    @GET
    public Uni<MediaContainer> list() {
        Caller me = caller.get();
        return devices.list(me.isOwner() ? null : me.userId()).map(list -> {
            MediaContainer mc = new MediaContainer().attr("identifier", "com.plexapp.system.devices");
            for (DeviceRepository.Device d : list) {
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
