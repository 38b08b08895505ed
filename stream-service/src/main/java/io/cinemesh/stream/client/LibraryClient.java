package io.cinemesh.stream.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * library-service as stream-service sees it. Every call forwards the caller's own token, so library-service
 * answers 404 for a part or item that is not shared with the caller and shares are enforced in one place.
 */
@RegisterRestClient(configKey = "library-service")
@Produces(MediaType.APPLICATION_JSON)
public interface LibraryClient {

    @GET
    @Path("/internal/parts/{partId}")
    Uni<PartInfo> part(@PathParam("partId") long partId, @HeaderParam("X-Plex-Token") String token);

    /** The part a stream belongs to (subtitle downloads). */
    @GET
    @Path("/internal/streams/{streamId}")
    Uni<PartInfo> streamPart(@PathParam("streamId") long streamId, @HeaderParam("X-Plex-Token") String token);

    @GET
    @Path("/internal/items/{ratingKey}/parts")
    Uni<List<PartInfo>> itemParts(@PathParam("ratingKey") String ratingKey,
            @HeaderParam("X-Plex-Token") String token);

    /** The item as clients see it, for the title, type and artwork shown in sessions and history. */
    @GET
    @Path("/library/metadata/{ratingKey}")
    Uni<JsonNode> metadata(@PathParam("ratingKey") String ratingKey, @HeaderParam("X-Plex-Token") String token);

    /** The leaves (episodes, tracks) under a show, season, artist or album; empty for a leaf. */
    @GET
    @Path("/library/metadata/{ratingKey}/allLeaves")
    Uni<JsonNode> allLeaves(@PathParam("ratingKey") String ratingKey, @HeaderParam("X-Plex-Token") String token,
            @HeaderParam("X-Plex-Container-Size") int size);

    /** An item's artwork (thumb, art …) as library-service serves it to the caller. */
    @GET
    @Path("/library/metadata/{ratingKey}/{kind}/{changestamp}")
    @Produces("*/*")
    Uni<byte[]> image(@PathParam("ratingKey") String ratingKey, @PathParam("kind") String kind,
            @PathParam("changestamp") String changestamp, @HeaderParam("X-Plex-Token") String token);
}
