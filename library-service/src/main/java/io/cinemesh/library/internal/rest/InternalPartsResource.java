package io.cinemesh.library.internal.rest;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.metadata.repository.ItemRepository;
import io.cinemesh.library.metadata.repository.ItemRow;
import io.cinemesh.library.metadata.service.BrowseService;
import io.cinemesh.tokens.CurrentCaller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.util.List;

/**
 * The parts contract stream-service plays from. It forwards the viewer's token, so shares are enforced here, in
 * one place: a part the caller may not see is a 404, exactly like one that does not exist. {@code file} paths
 * are relative to the media root; stream-service resolves them under its own mount.
 */
@Path("/internal")
@Produces("application/json")
public class InternalPartsResource {

    @Inject
    ItemRepository items;
    @Inject
    BrowseService browse;
    @Inject
    SectionAccess access;
    @Inject
    CurrentCaller caller;

    @RegisterForReflection
    public record StreamInfo(long id, int index, int streamType, String codec, String language, String profile, Integer width,
            Integer height, Double frameRate, Integer bitDepth, Integer channels, Integer samplingRate,
            Integer bitrate, boolean isDefault, boolean forced, String title, boolean selected) {
    }

    @RegisterForReflection
    public record SubtitleInfo(long id, String file, String format, String language, boolean selected) {
    }

    @RegisterForReflection
    public record PartInfo(long partId, String ratingKey, long sectionId, String file, long size, String container,
            Long durationMs, Integer bitrate, String videoCodec, String videoProfile, Integer width, Integer height,
            Double frameRate, String audioCodec, Integer audioChannels, List<StreamInfo> streams,
            List<SubtitleInfo> subtitles) {
    }

    @GET
    @Path("parts/{partId}")
    public Uni<PartInfo> part(@PathParam("partId") long partId) {
        return items.itemOfPart(partId).chain(itemId -> {
            if (itemId == null) {
                throw new NotFoundException("No part " + partId);
            }
            return parts(itemId).map(list -> list.stream().filter(p -> p.partId() == partId).findFirst()
                    .orElseThrow(() -> new NotFoundException("No part " + partId)));
        }).onFailure(NotFoundException.class).transform(e -> new NotFoundException("No part " + partId));
    }

    /** The part holding a stream, for {@code /library/streams/{id}} (subtitle downloads) in stream-service. */
    @GET
    @Path("streams/{streamId}")
    public Uni<PartInfo> partOfStream(@PathParam("streamId") long streamId) {
        return items.partOfStream(streamId).chain(partId -> {
            if (partId == null) {
                throw new NotFoundException("No stream " + streamId);
            }
            return part(partId);
        }).onFailure(NotFoundException.class).transform(e -> new NotFoundException("No stream " + streamId));
    }

    @GET
    @Path("items/{ratingKey}/parts")
    public Uni<List<PartInfo>> itemParts(@PathParam("ratingKey") long ratingKey) {
        return parts(ratingKey);
    }

    private Uni<List<PartInfo>> parts(long itemId) {
        return access.scope().chain(scope -> browse.item(caller.get().userId(), scope, itemId))
                .chain(item -> items.parts(caller.get().userId(), new Long[] {itemId}, true).map(parts -> parts.stream()
                        .map(p -> info(item, p)).toList()));
    }

    static PartInfo info(ItemRow item, ItemRow.PartRow p) {
        List<StreamInfo> streams = p.streams().stream().filter(s -> s.file() == null)
                .map(s -> new StreamInfo(s.id(), s.index(), s.streamType(), s.codec(), s.language(), s.profile(), s.width(),
                        s.height(), s.frameRate(), s.bitDepth(), s.channels(), s.samplingRate(), s.bitrate(),
                        s.isDefault(), s.forced(), s.title(), s.selected()))
                .toList();
        List<SubtitleInfo> subtitles = p.streams().stream().filter(s -> s.file() != null)
                .map(s -> new SubtitleInfo(s.id(), s.file(), s.codec(), s.language(), s.selected())).toList();
        return new PartInfo(p.id(), Long.toString(item.id), item.sectionId, p.file(), p.size(), p.container(),
                p.durationMs(), p.bitrate(), p.videoCodec(), p.videoProfile(), p.width(), p.height(), p.frameRate(),
                p.audioCodec(), p.audioChannels(), streams, subtitles);
    }
}
