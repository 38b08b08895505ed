package io.cinemesh.stream.transcode.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.stream.transcode.service.TranscodeAsk;
import jakarta.ws.rs.BadRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a player's transcode parameters are read: PMS's names and values, and a 400 naming each bad one. */
class TranscodeRequestTest {

    private static TranscodeAsk ask(Map<String, String> query, Map<String, String> plex, String kind) {
        return TranscodeRequest.of(query::get, plex::get, kind);
    }

    @Test
    void readsWhatAPlexWebPlayerSends() {
        TranscodeAsk a = ask(Map.of("path", "/library/metadata/42/children", "mediaIndex", "0", "partIndex", "1",
                "directPlay", "0", "maxVideoBitrate", "2000.4", "videoResolution", "1280X720", "subtitles", "sidecar",
                "subtitleStreamID", "7"), Map.of("X-Plex-Platform", "Chrome", "X-Plex-Client-Identifier", "tv-1"),
                "video");
        assertEquals("42", a.ratingKey());
        assertEquals(1, a.partIndex());
        assertFalse(a.limits().directPlay());
        assertTrue(a.limits().directStream());
        assertEquals(2000, a.limits().maxVideoBitrate());
        assertEquals(1280, a.limits().maxWidth());
        assertEquals(720, a.limits().maxHeight());
        assertEquals("auto", a.subtitleMode());
        assertEquals(7L, a.subtitleStreamId());
        assertEquals("Web (chrome)", a.profile().name());
        assertEquals("tv-1", a.clientIdentifier());
        assertFalse(a.music());
    }

    @Test
    void theClientPlatformWinsOverThePlatformAndMusicPathsAskForTracks() {
        TranscodeAsk a = ask(Map.of("path", "/library/metadata/9"),
                Map.of("X-Plex-Client-Platform", "Chrome", "X-Plex-Platform", "Linux"), "music");
        assertEquals("Web (chrome)", a.profile().name());
        assertTrue(a.music());
        assertNull(a.subtitleStreamId());
        assertEquals("auto", a.subtitleMode());
    }

    @Test
    void zeroSubtitleMeansNone() {
        assertEquals(0L, TranscodeRequest.subtitleStreamId("0"));
        assertEquals("none", TranscodeRequest.subtitleMode("none"));
        assertEquals("burn", TranscodeRequest.subtitleMode(" burn "));
    }

    @Test
    void eachBadValueIsA400ThatNamesIt() {
        assertMessage("path must be /library/metadata/{ratingKey}",
                () -> TranscodeRequest.ratingKey("/library/metadata/../../etc/passwd"));
        assertMessage("path must be /library/metadata/{ratingKey}", () -> TranscodeRequest.ratingKey(null));
        assertMessage("subtitles must be auto, burn, none, sidecar, embedded or segmented, not 'karaoke'",
                () -> TranscodeRequest.subtitleMode("karaoke"));
        assertMessage("subtitleStreamID must be a stream id, not '-3'", () -> TranscodeRequest.subtitleStreamId("-3"));
        assertMessage("videoResolution must look like 1280x720, not '720p'",
                () -> ask(Map.of("path", "/library/metadata/1", "videoResolution", "720p"), Map.of(), "video"));
        assertMessage("maxVideoBitrate must be positive",
                () -> ask(Map.of("path", "/library/metadata/1", "maxVideoBitrate", "0"), Map.of(), "video"));
        assertMessage("musicBitrate must be a number, not 'lots'",
                () -> ask(Map.of("path", "/library/metadata/1", "musicBitrate", "lots"), Map.of(), "audio"));
        assertMessage("partIndex must not be negative", () -> TranscodeRequest.index("partIndex", "-1"));
        assertMessage("mediaIndex must be a whole number", () -> TranscodeRequest.index("mediaIndex", "1.5"));
        assertMessage("offset must be a positive number of seconds", () -> TranscodeRequest.offsetSeconds("NaN"));
        assertMessage("offset must be a number of seconds, not 'soon'", () -> TranscodeRequest.offsetSeconds("soon"));
    }

    @Test
    void anOffsetIsSecondsFromTheStart() {
        assertEquals(0.0, TranscodeRequest.offsetSeconds(null));
        assertEquals(95.5, TranscodeRequest.offsetSeconds(" 95.5 "));
    }

    private static void assertMessage(String message, Runnable parse) {
        assertEquals(message, assertThrows(BadRequestException.class, parse::run).getMessage());
    }
}
