package io.cinemesh.stream.transcode.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.BadRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a client can play, from its platform and its {@code X-Plex-Client-Profile-Extra}, without a server: the
 * parsing and matching only ({@code io.cinemesh.stream.ClientProfileTest} checks the decisions over HTTP).
 */
class ClientProfilePureTest {

    static final String HLS = "type=videoProfile&context=streaming&protocol=hls";

    private static Map<String, String> video(int width, int height, int kbps) {
        return Map.of("video.width", Integer.toString(width), "video.height", Integer.toString(height),
                "video.bitrate", Integer.toString(kbps));
    }

    @Test
    void browsersOpenH264Mp4AndWebmButNeitherMkvNorHevc() {
        ClientProfile chrome = ClientProfile.forPlatform(" Chrome ");
        assertEquals("Web (chrome)", chrome.name());
        assertTrue(chrome.directPlays("mp4", "h264", "aac"));
        assertTrue(chrome.directPlays("webm", "vp9", "opus"));
        assertFalse(chrome.directPlays("mkv", "h264", "aac"));
        assertFalse(chrome.directPlays("mp4", "hevc", "aac"));
        assertFalse(chrome.directPlays("mp4", "h264", "dts"));
        assertTrue(chrome.directPlays("mp4", "h264", null), "a silent film needs no audio codec");
        assertTrue(chrome.streamsVideo("h264"));
        assertFalse(chrome.streamsVideo("hevc"));
    }

    @Test
    void appleAndPlayerAppsOpenHevcAndThePlayerAppsMkvWithBitmapSubtitles() {
        assertTrue(ClientProfile.forPlatform("iOS").directPlays("mp4", "hevc", "eac3"));
        assertFalse(ClientProfile.forPlatform("Safari").directPlays("mkv", "hevc", "aac"));
        ClientProfile tv = ClientProfile.forPlatform("Android TV");
        assertTrue(tv.directPlays("mkv", "hevc", "eac3"));
        assertTrue(tv.showsDirectPlaySubtitles("hdmv_pgs_subtitle"));
        assertTrue(tv.streamsAudio("ac3"));
    }

    @Test
    void anUnknownOrMissingPlatformGetsTheGenericProfileThatBurnsSubtitles() {
        for (String platform : new String[] {null, "", "SomeNewTV"}) {
            ClientProfile c = ClientProfile.forPlatform(platform);
            assertEquals("Generic", c.name());
            assertTrue(c.directPlays("mp4", "h264", "aac"));
            assertFalse(c.directPlays("mp4", "hevc", "aac"));
            assertFalse(c.showsSubtitles("webvtt"));
            assertFalse(c.showsDirectPlaySubtitles("srt"));
        }
    }

    @Test
    void ffprobeProfileAndExtensionSpellingsOfAFormatAreOneName() {
        assertEquals("hevc", ClientProfile.normalise("HEVC"));
        assertEquals("hevc", ClientProfile.normalise("hvc1"));
        assertEquals("hevc", ClientProfile.normalise("x265"));
        assertEquals("h264", ClientProfile.normalise("avc1"));
        assertEquals("mkv", ClientProfile.normalise("matroska,webm"));
        assertEquals("mp4", ClientProfile.normalise("mov,mp4,m4a,3gp,3g2,mj2"));
        assertEquals("ts", ClientProfile.normalise("mpegts"));
        assertEquals("srt", ClientProfile.normalise("subrip"));
        assertEquals("pgs", ClientProfile.normalise("hdmv_pgs_subtitle"));
        assertEquals("dvd_subtitle", ClientProfile.normalise("vobsub"));
        assertEquals("webvtt", ClientProfile.normalise(" vtt "));
        assertNull(ClientProfile.normalise(null));
    }

    @Test
    void noExtraLeavesThePlatformProfileAsItIs() {
        ClientProfile chrome = ClientProfile.forPlatform("Chrome");
        assertSame(chrome, chrome.augment(null));
        assertSame(chrome, chrome.augment("  "));
        assertFalse(chrome.directPlays("mkv", "h264", "aac"));
    }

    @Test
    void aDirectPlayProfileWithAnEscapedCodecListAddsWhatTheClientOpens() {
        ClientProfile c = ClientProfile.forPlatform(null)
                .augment("add-direct-play-profile(type=videoProfile&container=mkv,mp4&videoCodec=h264%2Chevc"
                        + "&audioCodec=aac&subtitleCodec=srt,subrip,ass)");
        assertTrue(c.directPlays("matroska,webm", "hevc", "aac"));
        assertTrue(c.showsDirectPlaySubtitles("ssa"));
        assertFalse(c.directPlays("mkv", "hevc", "eac3"));
    }

    @Test
    void directivesJoinedByPlusOrBySpacesFromAQueryStringAllApplyAndUnknownOnesChangeNothing() {
        String one = "add-settings(DirectPlayStreamSelection=true)";
        String two = "append-transcode-target-codec(" + HLS + "&videoCodec=hevc)";
        String three = "add-limitation(scope=videoCodec&scopeName=hevc&type=upperBound&name=video.width&value=1920)";
        for (String sep : new String[] {"+", " "}) {
            ClientProfile c = ClientProfile.forPlatform(null).augment(one + sep + two + sep + three);
            assertTrue(c.streamsVideo("hevc"));
            assertTrue(c.streamsVideo("h264"), "appending keeps the codecs the platform streams");
            assertEquals(1920, c.videoUpperBound("hevc", "video.width"));
        }
    }

    @Test
    void aTranscodeTargetReplacesWhatIsStreamedButOnlyForVideoOverHlsStreaming() {
        ClientProfile c = ClientProfile.forPlatform("Chrome")
                .augment("add-transcode-target(" + HLS + "&container=mpegts&videoCodec=hevc&audioCodec=eac3)");
        assertTrue(c.streamsVideo("hevc"));
        assertFalse(c.streamsVideo("h264"));
        assertFalse(c.streamsAudio("aac"));
        ClientProfile untouched = ClientProfile.forPlatform("Chrome")
                .augment("add-transcode-target(type=videoProfile&context=streaming&protocol=dash&videoCodec=hevc)")
                .augment("add-transcode-target(type=musicProfile&context=streaming&protocol=hls&audioCodec=flac)")
                .augment("add-transcode-target(type=videoProfile&context=static&videoCodec=hevc)");
        assertTrue(untouched.streamsVideo("h264"));
        assertFalse(untouched.streamsVideo("hevc"));
        assertFalse(untouched.streamsAudio("flac"));
    }

    @Test
    void aSubtitleTranscodeTargetDoesNotTakeAwayTheVideoCodecs() {
        ClientProfile c = ClientProfile.forPlatform("iOS").augment("add-transcode-target(" + HLS
                + "&container=mpegts&videoCodec=h264,hevc&audioCodec=aac,ac3)+add-transcode-target(type=subtitleProfile"
                + "&context=streaming&protocol=hls&container=webvtt&subtitleCodec=webvtt)");
        assertTrue(c.streamsVideo("h264"));
        assertTrue(c.streamsAudio("ac3"));
        assertFalse(c.streamsAudio("dts"));
        assertTrue(c.showsSubtitles("webvtt"));
    }

    @Test
    void aLimitationIsBrokenOnlyByItsCodecsStreamsAndAStarScopesEveryCodec() {
        ClientProfile c = ClientProfile.forPlatform("Chrome").augment(
                "add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.height&value=480)");
        ClientProfile.Limitation l = c.broken("videoCodec", "avc1", video(1920, 1080, 8000));
        assertNotNull(l);
        assertEquals("video.height at most 480", l.describe());
        assertNull(c.broken("videoCodec", "h264", video(640, 480, 1500)));
        assertNull(c.broken("videoCodec", "vp9", video(1920, 1080, 8000)));
        assertNull(c.broken("audioCodec", "h264", video(1920, 1080, 8000)));
        ClientProfile any = ClientProfile.forPlatform("Chrome").augment(
                "add-limitation(scope=videoAudioCodec&scopeName=*&type=upperBound&name=audio.channels&value=2)");
        assertNotNull(any.broken("videoAudioCodec", "eac3", Map.of("audio.channels", "6")));
        assertNull(any.broken("videoAudioCodec", "eac3", Map.of("audio.channels", "2")));
    }

    @Test
    void replaceDropsTheEarlierBoundAndOtherwiseTheTightestBoundWins() {
        String bound = "add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.bitrate&value=";
        ClientProfile both = ClientProfile.forPlatform("Chrome").augment(bound + "3000)+" + bound + "8000)");
        assertEquals(3000, both.videoUpperBound("h264", "video.bitrate"));
        ClientProfile replaced = ClientProfile.forPlatform("Chrome")
                .augment(bound + "3000)+" + bound + "8000&replace=true)");
        assertEquals(8000, replaced.videoUpperBound("h264", "video.bitrate"));
        assertNull(replaced.broken("videoCodec", "h264", video(1920, 1080, 6000)));
        assertNull(replaced.videoUpperBound("h264", "video.width"));
    }

    @Test
    void boundsMatchesAndUnknownValues() {
        var profile = new ClientProfile.Limitation("videoCodec", "h264", "match", "video.profile", "main|high");
        assertTrue(profile.allows("High"));
        assertFalse(profile.allows("high 10"));
        assertTrue(profile.allows(null), "a value the probe did not find breaks nothing");
        var notHdr = new ClientProfile.Limitation("videoCodec", "*", "notMatch", "video.colorTrc", "smpte2084");
        assertFalse(notHdr.allows("smpte2084"));
        assertTrue(notHdr.allows("bt709"));
        var fps = new ClientProfile.Limitation("videoCodec", "*", "lowerBound", "video.frameRate", "24");
        assertTrue(fps.allows("25.0"));
        assertFalse(fps.allows("23.976"));
        assertTrue(fps.allows("unknown"));
        assertEquals("video.frameRate at least 24", fps.describe());
    }

    @Test
    void anExtraThatDoesNotParseIs400WithTheOffendingPart() {
        ClientProfile c = ClientProfile.forPlatform("Chrome");
        var noParens = assertThrows(BadRequestException.class, () -> c.augment("add-limitation"));
        assertTrue(noParens.getMessage().contains("'add-limitation'"), noParens.getMessage());
        var noValue = assertThrows(BadRequestException.class, () -> c.augment(
                "add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.width)"));
        assertTrue(noValue.getMessage().contains("needs value"), noValue.getMessage());
        var badType = assertThrows(BadRequestException.class, () -> c.augment(
                "add-limitation(scope=videoCodec&scopeName=*&type=between&name=video.width&value=1)"));
        assertTrue(badType.getMessage().contains("'between'"), badType.getMessage());
        assertThrows(BadRequestException.class, () -> c.augment("add-direct-play-profile(container=mp4%zz)"));
    }

    @Test
    void aMatchLimitationWithAListIsUnderstood() {
        ClientProfile c = ClientProfile.forPlatform("webOS").augment(
                "add-limitation(scope=videoAudioCodec&scopeName=*&type=match&name=audio.channels&list=2|6)");
        assertNull(c.broken("videoAudioCodec", "eac3", Map.of("audio.channels", "6")));
        assertNotNull(c.broken("videoAudioCodec", "eac3", Map.of("audio.channels", "8")));
    }
}
