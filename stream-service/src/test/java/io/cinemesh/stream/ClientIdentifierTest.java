package io.cinemesh.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A client identifier is the client's word, not a credential: reusing another user's cannot touch their playback. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class ClientIdentifierTest {

    @Test
    void anotherUserWithTheSameClientIdentifierCannotEndOrTakeOverAPlayback() {
        String client = "victim-" + UUID.randomUUID();
        PlaybackTest.report(LibraryStandIn.USER, client, "s1", "1001", "playing", 4000);
        String mine = "MediaContainer.Metadata.find { it.Player.machineIdentifier == '" + client
                + "' && it.User.id.toString() == '7' }";

        // Someone else (here the owner's token, any user would do) reports on the same client and session.
        PlaybackTest.report(LibraryStandIn.OWNER, client, "s1", "1001", "playing", 500);
        JsonPath s = PlaybackTest.sessions(LibraryStandIn.USER);
        assertEquals("playing", s.getString(mine + ".Player.state"));
        assertEquals(4000, s.getInt(mine + ".viewOffset"), "the other report did not move this playback");
        List<Object> users = PlaybackTest.sessions(LibraryStandIn.OWNER).getList(
                "MediaContainer.Metadata.findAll { it.Player.machineIdentifier == '" + client + "' }.User.id");
        assertEquals(2, users.size(), "each user has a playback of their own: " + users);

        PlaybackTest.report(LibraryStandIn.OWNER, client, "s1", "1001", "stopped", 600);
        s = PlaybackTest.sessions(LibraryStandIn.USER);
        assertEquals("playing", s.getString(mine + ".Player.state"), "the other user's stop did not end it");
        assertEquals(4000, s.getInt(mine + ".viewOffset"));

        // The user's own reports still drive it, to the end.
        PlaybackTest.report(LibraryStandIn.USER, client, "s1", "1001", "paused", 5000);
        assertEquals(5000, PlaybackTest.sessions(LibraryStandIn.USER).getInt(mine + ".viewOffset"));
        PlaybackTest.report(LibraryStandIn.USER, client, "s1", "1001", "stopped", 5000);
        assertEquals(List.of(), PlaybackTest.sessions(LibraryStandIn.OWNER).getList(
                "MediaContainer.Metadata.findAll { it.Player.machineIdentifier == '" + client + "' }"));
    }
}
