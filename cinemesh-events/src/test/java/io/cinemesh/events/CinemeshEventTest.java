package io.cinemesh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CinemeshEventTest {

    @Test
    void roundTripsThroughJson() {
        CinemeshEvent e = CinemeshEvent.of(EventTypes.TOKEN_REVOKED, "user-service", "12",
                Map.of("tokenId", "abc", "userId", 12));
        CinemeshEvent back = CinemeshEvent.fromJson(e.toJson());
        assertEquals(e.id(), back.id());
        assertEquals(e.occurredAt(), back.occurredAt());
        assertEquals("abc", back.text("tokenId"));
        assertEquals(12L, back.number("userId"));
    }

    @Test
    void newerFieldsAreIgnoredButGarbageIsRefused() {
        String json = "{\"id\":\"1\",\"type\":\"x\",\"version\":2,\"added\":true,\"data\":{}}";
        assertEquals(2, CinemeshEvent.fromJson(json).version());
        assertThrows(IllegalArgumentException.class, () -> CinemeshEvent.fromJson("{\"type\":\"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> CinemeshEvent.fromJson("not json"));
    }
}
