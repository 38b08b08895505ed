package io.cinemesh.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
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
 * @param data the payload: plain JSON values, as an {@link EventPayload} record writes them
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record CinemeshEvent(String id, String type, int version, String source, String subject, Instant occurredAt,
        Map<String, Object> data) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Reads payloads strictly: a required number that is missing is a malformed event, not a zero. */
    private static final ObjectMapper PAYLOADS = JSON.copy().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    public CinemeshEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** An event with {@code data} as given: for tests and tools that write the wire; services write a payload. */
    public static CinemeshEvent of(String type, String source, String subject, Map<String, Object> data) {
        return new CinemeshEvent(UUID.randomUUID().toString(), type, 1, source, subject, Instant.now(), data);
    }

    /** A version-1 event of {@code type} carrying {@code payload}. */
    public static CinemeshEvent of(String type, String source, String subject, EventPayload payload) {
        return of(type, source, subject, JSON.convertValue(payload, FIELDS));
    }

    /**
     * The payload as {@code payloadType}; throws {@link IllegalArgumentException} when {@code data} is not one (a
     * required field missing, a number that is not one). Fields a newer producer added are ignored.
     */
    public <T extends EventPayload> T data(Class<T> payloadType) {
        try {
            return PAYLOADS.convertValue(data, payloadType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event " + id + " (" + type + ") is not a readable "
                    + payloadType.getSimpleName() + ": " + e.getMessage(), e);
        }
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

    /** A field of {@code data} as it is on the wire, for tests and tools that check it; services read {@link #data}. */
    public String text(String key) {
        Object v = data.get(key);
        return v == null ? null : v.toString();
    }

    /** A number of {@code data} as it is on the wire, for tests and tools; services read {@link #data}. */
    public Long number(String key) {
        Object v = data.get(key);
        return v instanceof Number n ? n.longValue() : v == null ? null : Long.valueOf(v.toString());
    }
}
