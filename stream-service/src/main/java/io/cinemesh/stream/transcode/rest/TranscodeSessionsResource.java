package io.cinemesh.stream.transcode.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.stream.transcode.mapping.TranscodeSessionMapper;
import io.cinemesh.stream.transcode.service.TranscodeSessions;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** {@code /transcode/sessions}: the transcodes of every replica; the owner sees and stops all, others theirs. */
@Path("/transcode/sessions")
public class TranscodeSessionsResource {

    @Inject
    CurrentCaller caller;
    @Inject
    TranscodeSessions sessions;
    @Inject
    TranscodeSessionMapper mapper;

    @GET
    public Uni<MediaContainer> list() {
        var me = caller.get();
        return sessions.list(me.userId(), me.isOwner()).map(list -> {
            MediaContainer mc = new MediaContainer();
            list.forEach(r -> mc.add(mapper.listElement(r)));
            return mc;
        });
    }

    @DELETE
    @Path("/{key}")
    public Uni<MediaContainer> kill(@PathParam("key") String key) {
        var me = caller.get();
        return sessions.findForClient(key, me.userId(), me.isOwner()).flatMap(r -> {
            if (r == null) {
                throw new NotFoundException("No such transcode session");
            }
            return sessions.stop(r.id);
        }).replaceWith(new MediaContainer());
    }
}
