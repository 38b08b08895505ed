package io.cinemesh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AccessChangesTest {

    private static String event(String type, Map<String, Object> data) {
        return CinemeshEvent.of(type, "user-service", "7", data).toJson();
    }

    @Test
    void sharesAccountsAndDeletionsNameTheirUser() {
        for (String type : new String[] {EventTypes.SHARE_CHANGED, EventTypes.USER_CHANGED, EventTypes.USER_DELETED}) {
            assertEquals(OptionalLong.of(7), AccessChanges.userOf(event(type, Map.of("userId", 7))), type);
        }
    }

    @Test
    void aChangedNameOrPinIsNoChangeOfShares() {
        assertEquals(OptionalLong.of(7), AccessChanges.userWhoseSharesChanged(event(EventTypes.SHARE_CHANGED,
                Map.of("userId", 7))));
        assertEquals(OptionalLong.of(7), AccessChanges.userWhoseSharesChanged(event(EventTypes.USER_DELETED,
                Map.of("userId", 7))));
        assertEquals(OptionalLong.empty(), AccessChanges.userWhoseSharesChanged(event(EventTypes.USER_CHANGED,
                Map.of("userId", 7))));
    }

    @Test
    void otherEventsAndGarbageNameNoOne() {
        assertEquals(OptionalLong.empty(),
                AccessChanges.userOf(event(EventTypes.TOKEN_REVOKED, Map.of("userId", 7, "tokenId", "t"))));
        assertEquals(OptionalLong.empty(), AccessChanges.userOf(event(EventTypes.SHARE_CHANGED, Map.of())));
        assertEquals(OptionalLong.empty(), AccessChanges.userOf("not json"));
    }
}
