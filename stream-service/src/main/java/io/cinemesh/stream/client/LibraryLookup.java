package io.cinemesh.stream.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Asks library-service about parts and items for a caller, and remembers the answers for a few seconds per user
 * and part: a player fetches a film in many range requests and a transcode in many segments, and none of them
 * should cost a call. A user's answers are dropped as soon as user.events says their shares, rating limit or
 * account changed; the time limit only covers a missed event.
 */
@ApplicationScoped
public class LibraryLookup {

    private static final Logger LOG = Logger.getLogger(LibraryLookup.class);
    private static final int MAX_ENTRIES = 10_000;

    @Inject
    @RestClient
    LibraryClient client;

    @ConfigProperty(name = "cinemesh.part-cache-ttl", defaultValue = "10s")
    Duration ttl;

    private record Cached(PartInfo part, long expiresAt) {
    }

    private final Map<String, Cached> parts = new ConcurrentHashMap<>();

    /** The part if the caller may see it; 404 when unknown or not shared, 503 when library-service is away. */
    public Uni<PartInfo> part(Caller caller, String token, long partId) {
        String key = caller.userId() + ":" + partId;
        Cached hit = parts.get(key);
        long now = System.currentTimeMillis();
        if (hit != null && hit.expiresAt > now) {
            return Uni.createFrom().item(hit.part);
        }
        return client.part(partId, token)
                .onFailure().transform(e -> translate(e, "media part " + partId))
                .invoke(p -> remember(key, p));
    }

    /** The part holding stream {@code streamId} if the caller may see it; 404 otherwise. */
    public Uni<PartInfo> streamPart(String token, long streamId) {
        return client.streamPart(streamId, token).onFailure().transform(e -> translate(e, "stream " + streamId));
    }

    public Uni<List<PartInfo>> itemParts(Caller caller, String token, String ratingKey) {
        return client.itemParts(ratingKey, token)
                .onFailure().transform(e -> translate(e, "item " + ratingKey))
                .invoke(list -> list.forEach(p -> remember(caller.userId() + ":" + p.partId(), p)));
    }

    /**
     * The item's own attributes (title, type, librarySectionID, thumb, parent and grandparent titles …) as
     * library-service renders them, without children; 404 when not shared.
     */
    public Uni<Map<String, Object>> itemAttributes(String token, String ratingKey) {
        return client.metadata(ratingKey, token)
                .onFailure().transform(e -> translate(e, "item " + ratingKey))
                .map(LibraryLookup::firstItem);
    }

    /**
     * The rating keys of the leaves under a container (show, season, artist, album) in one call; empty for a
     * leaf. 404 when the item is not shared with the caller.
     */
    public Uni<List<String>> leafKeys(String token, String ratingKey, int max) {
        return client.allLeaves(ratingKey, token, max)
                .onFailure().transform(e -> translate(e, "item " + ratingKey))
                .map(body -> {
                    List<String> keys = new java.util.ArrayList<>();
                    for (JsonNode leaf : body.path("MediaContainer").path("Metadata")) {
                        String rk = leaf.path("ratingKey").asText(null);
                        if (rk != null) {
                            keys.add(rk);
                        }
                    }
                    return keys;
                });
    }

    /** The bytes of an item's artwork; 404 when unknown or not shared. */
    public Uni<byte[]> image(String token, String ratingKey, String kind, String changestamp) {
        return client.image(ratingKey, kind, changestamp, token)
                .onFailure().transform(e -> translate(e, "image of item " + ratingKey));
    }

    static Map<String, Object> firstItem(JsonNode body) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        JsonNode items = body == null ? null : body.path("MediaContainer").path("Metadata");
        JsonNode item = items != null && items.isArray() && !items.isEmpty() ? items.get(0) : null;
        if (item == null) {
            return attrs;
        }
        item.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                attrs.put(e.getKey(), v.asText());
            } else if (v.isIntegralNumber()) {
                attrs.put(e.getKey(), v.asLong());
            } else if (v.isNumber()) {
                attrs.put(e.getKey(), v.asDouble());
            } else if (v.isBoolean()) {
                attrs.put(e.getKey(), v.asBoolean());
            }
        });
        return attrs;
    }

    /** Drops the answers kept for a user whose access changed (UserAccessFeed). */
    public void forgetUser(long userId) {
        String prefix = userId + ":";
        parts.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private void remember(String key, PartInfo part) {
        if (parts.size() >= MAX_ENTRIES) {
            long now = System.currentTimeMillis();
            parts.values().removeIf(c -> c.expiresAt <= now);
            if (parts.size() >= MAX_ENTRIES) {
                parts.clear();
            }
        }
        parts.put(key, new Cached(part, System.currentTimeMillis() + ttl.toMillis()));
    }

    private static Throwable translate(Throwable e, String what) {
        if (e instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            if (status == 404 || status == 403) {
                // Not shared looks exactly like unknown: a user cannot probe what others have.
                return new NotFoundException("No such " + what);
            }
            if (status == 401) {
                return new WebApplicationException("The token was not accepted", 401);
            }
        }
        LOG.warnf("library-service could not answer for %s: %s", what, e.toString());
        return new ServiceUnavailableException("The library is not reachable right now; try again shortly");
    }
}
