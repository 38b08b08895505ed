package io.cinemesh.library.metadata.rest;

import static io.cinemesh.library.rest.Params.optionalNumber;
import static io.cinemesh.library.rest.Params.pathId;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code PUT /library/parts/{partId}?audioStreamID=&subtitleStreamID=}: the caller's audio and subtitle choice for
 * a part, which Plex apps make from the player's track menu and expect back as {@code selected="1"} on the
 * {@code <Stream>} the next time, on every device. {@code subtitleStreamID=0} turns subtitles off. stream-service
 * applies the choice when a transcode request names none. ({@code allParts=1} is accepted; the choice is kept for
 * the named part, which for all but multi-part films is the only one.)
 */
@Path("/library/parts/{partId}")
public class StreamSelectionResource {

    private static final int AUDIO = 2;
    private static final int SUBTITLE = 3;

    @Inject
    CurrentCaller caller;
    @Inject
    ItemRepository items;
    @Inject
    BrowseService browse;
    @Inject
    SectionAccess access;

    @PUT
    public Uni<Response> select(@PathParam("partId") String rawPartId, @QueryParam("audioStreamID") String audio,
            @QueryParam("subtitleStreamID") String subtitle) {
        long partId = pathId(rawPartId, "part");
        Long audioId = optionalNumber("audioStreamID", audio);
        Long subtitleId = optionalNumber("subtitleStreamID", subtitle);
        if (audioId == null && subtitleId == null) {
            throw new BadRequestException("Name the stream to select: audioStreamID and/or subtitleStreamID "
                    + "(subtitleStreamID=0 for none)");
        }
        long userId = caller.get().userId();
        return items.itemOfPart(partId)
                .chain(itemId -> {
                    if (itemId == null) {
                        throw new NotFoundException("No part " + partId);
                    }
                    // A part of an item the caller may not see does not exist for them.
                    return access.scope().chain(scope -> browse.item(userId, scope, itemId));
                })
                .chain(item -> belongs(partId, audioId, AUDIO, "audioStreamID"))
                .chain(() -> subtitleId == null || subtitleId == 0 ? Uni.createFrom().voidItem()
                        : belongs(partId, subtitleId, SUBTITLE, "subtitleStreamID"))
                .chain(() -> items.selectStreams(userId, partId, audioId, subtitleId))
                .map(v -> Response.ok().build());
    }

    private Uni<Void> belongs(long partId, Long streamId, int type, String param) {
        if (streamId == null) {
            return Uni.createFrom().voidItem();
        }
        return items.streamOfPart(partId, streamId, type).map(found -> {
            if (found == null) {
                throw new BadRequestException(param + " " + streamId + " is not " + (type == AUDIO ? "an audio"
                        : "a subtitle") + " stream of part " + partId);
            }
            return null;
        });
    }
}
