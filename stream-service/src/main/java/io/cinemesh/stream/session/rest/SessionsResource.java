package io.cinemesh.stream.session.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.stream.session.repository.StreamSession;
import io.cinemesh.tokens.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/**
 * {@code /status/sessions}: every active stream of every replica (the owner sees all, others their own). Each
 * item carries the {@code User}, {@code Player} and {@code Session} children clients require.
 */
@Path("/status/sessions")
public class SessionsResource {

    @Inject
    CurrentCaller caller;

    @GET
    public Uni<MediaContainer> list() {
        var me = caller.get();
        Uni<List<StreamSession>> sessions = me.isOwner()
                ? Panache.withSession(() -> StreamSession.<StreamSession>listAll(Sort.by("sessionKey")))
                : Panache.withSession(() -> StreamSession.<StreamSession>list("userId", Sort.by("sessionKey"),
                        me.userId()));
        return sessions.map(list -> {
            MediaContainer mc = new MediaContainer();
            for (StreamSession s : list) {
                PlexElement item = PlexElement.metadata("Video")
                        .attr("ratingKey", s.ratingKey)
                        .attr("key", "/library/metadata/" + s.ratingKey)
                        .attr("sessionKey", s.sessionKey.toString())
                        .attr("viewOffset", s.viewOffsetMs)
                        .attr("duration", s.durationMs);
                item.add(PlexElement.of("User").attr("id", Long.toString(s.userId)).attr("title", s.userName)
                        .attr("thumb", ""));
                item.add(PlexElement.of("Player").attr("machineIdentifier", s.clientIdentifier)
                        .attr("title", s.deviceName).attr("product", s.product).attr("platform", s.platform)
                        .attr("state", s.state).attr("address", s.address).attr("local", true));
                item.add(PlexElement.of("Session").attr("id", s.id.toString()).attr("bandwidth", 0)
                        .attr("location", "lan"));
                mc.add(item);
            }
            return mc;
        });
    }
}
