package io.cinemesh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Producer and consumer agree on every payload: what one service writes, another reads back equal, and the JSON
 * of each stays the version-1 wire format that the previous release reads (pinned here field by field, so a
 * renamed record component fails this test instead of a mixed-version deployment).
 */
class EventPayloadTest {

    static final List<EventPayload> EXAMPLES = List.of(
            new ItemEvent("1001", 3, "movie", 1, "Amélie", 12),
            new ItemEvent("77", 3, "collection", null, "Heists", null),
            new ScanEvent(3, "Movies", "5b1e", 120, 4, 2, 1, 0, 1850L),
            ScanEvent.started(3, "Movies", "5b1e"),
            new PlaybackEvent("0f8a", 7, "1001", 11800L, true, 12000L, "tv-1", "42", 1L, "stopped"),
            new UserEvent(7, "tok-9", null),
            new UserEvent(7, null, 1_700_000_000L),
            UserEvent.of(7),
            new AuditEvent("1", "owner", "server.rename", "server", "127.0.0.1", "success", null));

    @Test
    void whatAProducerWritesAConsumerReadsBackEqual() {
        for (EventPayload p : EXAMPLES) {
            String json = CinemeshEvent.of("any.type", "test", "1", p).toJson();
            assertEquals(p, CinemeshEvent.fromJson(json).data(p.getClass()), json);
        }
    }

    @Test
    void theWireFormatIsVersionOnesFieldForField() {
        assertEquals(Map.of("ratingKey", "1001", "sectionId", 3, "type", "movie", "typeNumber", 1, "title", "Amélie",
                "ratingAge", 12), data(EXAMPLES.get(0)));
        assertEquals(Map.of("ratingKey", "77", "sectionId", 3, "type", "collection", "title", "Heists"),
                data(EXAMPLES.get(1)), "absent fields are left out, not null");
        assertEquals(Map.of("sectionId", 3, "title", "Movies", "activityUuid", "5b1e", "files", 120, "added", 4,
                "updated", 2, "removed", 1, "broken", 0, "durationMs", 1850), data(EXAMPLES.get(2)));
        assertEquals(Map.of("sessionId", "0f8a", "userId", 7, "ratingKey", "1001", "viewOffsetMs", 11800,
                "watched", true, "durationMs", 12000, "clientIdentifier", "tv-1", "sessionKey", "42", "sectionId", 1,
                "state", "stopped"), data(EXAMPLES.get(4)));
        assertEquals(Map.of("userId", 7, "tokenId", "tok-9"), data(EXAMPLES.get(5)));
        assertEquals(Map.of("userId", 7, "issuedUpTo", 1_700_000_000), data(EXAMPLES.get(6)));
        assertEquals(Map.of("actorId", "1", "actorName", "owner", "action", "server.rename", "target", "server",
                "from", "127.0.0.1", "result", "success"), data(EXAMPLES.get(8)));
    }

    @Test
    void anEventOfThePreviousReleaseIsRead() {
        // As stream-service wrote playback.events before the payloads were typed: numbers for ids it now types as
        // text, and a field this release does not know.
        CinemeshEvent old = CinemeshEvent.fromJson("{\"id\":\"e1\",\"type\":\"playback.progress\",\"version\":1,"
                + "\"source\":\"stream-service\",\"subject\":\"s\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{"
                + "\"sessionId\":\"s\",\"userId\":7,\"ratingKey\":1001,\"viewOffsetMs\":5000,\"watched\":false,"
                + "\"sessionKey\":3,\"bitrate\":4000}}");
        PlaybackEvent p = old.data(PlaybackEvent.class);
        assertEquals("1001", p.ratingKey());
        assertEquals("3", p.sessionKey());
        assertEquals(5000L, p.viewOffsetMs());
        assertFalse(p.watched());
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        CinemeshEvent started = CinemeshEvent.fromJson("{\"id\":\"e4\",\"type\":\"playback.started\",\"version\":1,"
                + "\"data\":{\"userId\":3,\"ratingKey\":\"21\",\"state\":\"playing\"}}");
        PlaybackEvent p = started.data(PlaybackEvent.class);
        assertEquals(3, p.userId());
        assertEquals(null, p.watched());
        assertEquals(null, p.sectionId());
    }

    @Test
    void aPayloadWithoutItsRequiredIdIsMalformedNotZero() {
        CinemeshEvent noUser = CinemeshEvent.fromJson("{\"id\":\"e2\",\"type\":\"share.changed\",\"version\":1,"
                + "\"data\":{\"tokenId\":\"x\"}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> noUser.data(UserEvent.class));
        assertTrue(e.getMessage().contains("UserEvent"), e.getMessage());
        CinemeshEvent badNumber = CinemeshEvent.fromJson("{\"id\":\"e3\",\"type\":\"user.changed\",\"version\":1,"
                + "\"data\":{\"userId\":\"seven\"}}");
        assertThrows(IllegalArgumentException.class, () -> badNumber.data(UserEvent.class));
    }

    private static Map<String, Object> data(EventPayload p) {
        return CinemeshEvent.fromJson(CinemeshEvent.of("any.type", "test", "1", p).toJson()).data();
    }
}
