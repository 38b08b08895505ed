package io.cinemesh.stream.session.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemesh.plex.wire.PlexElement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Renders a stored item (its attributes as library-service gave them) as the metadata element clients expect. */
public final class ItemElements {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Per-user counters that a session or history row must not repeat from when it was stored. */
    private static final Set<String> DROPPED = Set.of("viewOffset", "viewCount", "lastViewedAt", "skipCount");

    private ItemElements() {
    }

    public static String toJson(Map<String, Object> attrs) {
        try {
            Map<String, Object> kept = new LinkedHashMap<>(attrs);
            kept.keySet().removeAll(DROPPED);
            return JSON.writeValueAsString(kept);
        } catch (Exception e) {
            return "{}";
        }
    }

    public static Map<String, Object> fromJson(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** {@code Video} for films, episodes and clips, {@code Track} for music, {@code Photo} for photos. */
    public static String tagFor(String type) {
        if (type == null) {
            return "Video";
        }
        return switch (type) {
            case "track" -> "Track";
            case "photo" -> "Photo";
            default -> "Video";
        };
    }

    public static PlexElement element(String type, String ratingKey, String itemAttrsJson) {
        PlexElement item = PlexElement.metadata(tagFor(type));
        fromJson(itemAttrsJson).forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                item.attr(k, v);
            }
        });
        item.attr("ratingKey", ratingKey).attr("key", "/library/metadata/" + ratingKey);
        if (type != null) {
            item.attr("type", type);
        }
        return item;
    }
}
