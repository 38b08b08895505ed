package io.cinemesh.library.playqueue.rest;

import static io.cinemesh.library.rest.Params.flag;
import static io.cinemesh.library.rest.Params.number;
import static io.cinemesh.library.rest.Params.optionalNumber;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.playlist.service.LibraryUri;
import io.cinemesh.library.playqueue.service.PlayQueueService;
import io.cinemesh.library.rest.Params;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.rest.PageRequest;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;

/** {@code /playQueues}: what a client is playing now and what comes next. */
@Path("/playQueues")
public class PlayQueuesResource {

    @Inject
    PlayQueueService queues;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;
    @Context
    HttpHeaders headers;
    @Context
    HttpServerRequest request;

    @POST
    public Uni<MediaContainer> create(@QueryParam("uri") String uri, @QueryParam("playlistID") String playlistId,
            @QueryParam("type") String type, @QueryParam("key") String key, @QueryParam("shuffle") String shuffle,
            @QueryParam("repeat") String repeat, @QueryParam("continuous") String continuous) {
        if ((uri == null || uri.isBlank()) && (playlistId == null || playlistId.isBlank())) {
            throw new BadRequestException("uri or playlistID is required");
        }
        if (type != null && !type.isBlank() && !java.util.Set.of("video", "audio", "photo").contains(type.trim())) {
            throw new BadRequestException("type must be video, audio or photo (got '" + type + "')");
        }
        Long pid = optionalNumber("playlistID", playlistId);
        Long start = LibraryUri.ratingKey(key);
        int rep = repeat == null || repeat.isBlank() ? 0 : (int) number("repeat", repeat);
        boolean sh = flag("shuffle", shuffle);
        boolean cont = flag("continuous", continuous);
        return access.scope().chain(scope -> queues.create(caller.get(), from(), scope, uri, pid, type, start, sh,
                rep, cont));
    }

    @GET
    @Path("{id}")
    public Uni<MediaContainer> get(@PathParam("id") String id,
            @BeanParam PageRequest page) {
        long qid = id(id);
        io.cinemesh.plex.wire.Paging paging = page.paging();
        return access.scope().chain(scope -> queues.get(caller.get(), scope, qid, paging));
    }

    @PUT
    @Path("{id}")
    public Uni<MediaContainer> addOnQueue(@PathParam("id") String id, @QueryParam("uri") String uri,
            @QueryParam("playlistID") String playlistId, @QueryParam("next") String next,
            @QueryParam("playNext") String playNext) {
        return add(id, uri, playlistId, next, playNext);
    }

    @PUT
    @Path("{id}/items")
    public Uni<MediaContainer> add(@PathParam("id") String id, @QueryParam("uri") String uri,
            @QueryParam("playlistID") String playlistId, @QueryParam("next") String next,
            @QueryParam("playNext") String playNext) {
        long qid = id(id);
        Long pid = optionalNumber("playlistID", playlistId);
        if (pid == null && (uri == null || uri.isBlank())) {
            throw new BadRequestException("uri or playlistID is required");
        }
        boolean pn = flag("playNext", playNext) || flag("next", next);
        return access.scope().chain(scope -> queues.add(caller.get(), from(), scope, qid, uri, pid, pn));
    }

    @DELETE
    @Path("{id}/items/{item}")
    public Uni<MediaContainer> remove(@PathParam("id") String id, @PathParam("item") String item) {
        long qid = id(id);
        long entry = number("playQueueItemID", item);
        return access.scope().chain(scope -> queues.remove(caller.get(), from(), scope, qid, entry));
    }

    @PUT
    @Path("{id}/items/{item}/move")
    public Uni<MediaContainer> move(@PathParam("id") String id, @PathParam("item") String item,
            @QueryParam("after") String after) {
        long qid = id(id);
        long entry = number("playQueueItemID", item);
        Long a = optionalNumber("after", after);
        return access.scope().chain(scope -> queues.move(caller.get(), from(), scope, qid, entry, a));
    }

    @DELETE
    @Path("{id}/items")
    public Uni<MediaContainer> clear(@PathParam("id") String id) {
        long qid = id(id);
        return access.scope().chain(scope -> queues.clear(caller.get(), from(), scope, qid));
    }

    @PUT
    @Path("{id}/shuffle")
    public Uni<MediaContainer> shuffle(@PathParam("id") String id) {
        long qid = id(id);
        return access.scope().chain(scope -> queues.shuffle(caller.get(), from(), scope, qid));
    }

    @PUT
    @Path("{id}/unshuffle")
    public Uni<MediaContainer> unshuffle(@PathParam("id") String id) {
        long qid = id(id);
        return access.scope().chain(scope -> queues.unshuffle(caller.get(), from(), scope, qid));
    }

    private String from() {
        return ClientAddress.of(headers, request);
    }

    private static long id(String id) {
        return Params.pathId(id, "play queue");
    }
}
