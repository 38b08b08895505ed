package io.cinemesh.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The envelope of every event on every topic. {@code id} makes consumers idempotent (delivery is at least
 * once); {@code type} and {@code version} say how to read {@code data}, so a consumer can skip what it does
 * not know instead of failing, and a producer can evolve a payload by bumping its version.
 *
 * @param id unique event id, the idempotency key
 * @param type what happened, e.g. {@code item.added}, {@code token.revoked} (see {@link EventTypes})
 * @param version the payload version of that type
 * @param source the service that published it
 * @param subject the id the topic is keyed by (item, session, user or actor id)
 * @param occurredAt when it happened
 * @param data the payload: plain JSON values
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record CinemeshEvent(String id, String type, int version, String source, String subject, Instant occurredAt,
        Map<String, Object> data) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public CinemeshEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public static CinemeshEvent of(String type, String source, String subject, Map<String, Object> data) {
        return new CinemeshEvent(UUID.randomUUID().toString(), type, 1, source, subject, Instant.now(), data);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + type + " cannot be written as JSON", e);
        }
    }

    /** Reads an event; throws {@link IllegalArgumentException} for anything that is not one. */
    public static CinemeshEvent fromJson(String json) {
        try {
            CinemeshEvent e = JSON.readValue(json, CinemeshEvent.class);
            if (e.id() == null || e.type() == null) {
                throw new IllegalArgumentException("not a Cinemesh event: id and type are required");
            }
            return e;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Cinemesh event: " + e.getOriginalMessage());
        }
    }

    public String text(String key) {
        Object v = data.get(key);
        return v == null ? null : v.toString();
    }

    public Long number(String key) {
        Object v = data.get(key);
        return v instanceof Number n ? n.longValue() : v == null ? null : Long.valueOf(v.toString());
    }
}
