package io.cinemesh.stream.transcode.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.stream.client.PartInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a film is played directly, remuxed or transcoded for a client, and why, as PMS reports it. */
class DecisionTest {

    static final Decision.Limits NO_LIMITS = new Decision.Limits(true, true, true, null, null, null, null, null);
    static final SubtitleTrack SRT_SIDECAR = new SubtitleTrack(9, "srt", null, null, "Movies/Film.en.srt", "eng");
    static final SubtitleTrack PGS = new SubtitleTrack(8, "hdmv_pgs_subtitle", 3, 0, null, "eng");

    private static PartInfo film(String container, String video, String audio, int width, int height, long kbps,
            int channels) {
        return new PartInfo(1, "1001", 1L, "Movies/Film." + container, 4_000_000_000L, container, 7_200_000L, kbps,
                video, "high", width, height, 23.976, audio, channels, List.of(), List.of());
    }

    private static PartInfo film(String container, String video, String audio) {
        return film(container, video, audio, 1920, 1080, 8000, 2);
    }

    private static Decision.Limits limits(Integer maxKbps, Integer maxWidth, Integer maxHeight) {
        return new Decision.Limits(true, true, true, maxKbps, maxWidth, maxHeight, null, null);
    }

    private static Decision decide(PartInfo part, Decision.Limits limits, String platform) {
        return Decision.decide(part, limits, ClientProfile.forPlatform(platform), null, "auto", false);
    }

    @Test
    void aBrowserPlaysAnH264AacMp4Directly() {
        Decision d = decide(film("mp4", "h264", "aac"), NO_LIMITS, "Chrome");
        assertTrue(d.directPlay());
        assertEquals(1000, d.generalCode());
        assertEquals(1000, d.directPlayCode());
        assertEquals("copy", d.videoDecision());
    }

    @Test
    void anMkvInABrowserIsRemuxedNotTranscoded() {
        Decision d = decide(film("mkv", "h264", "aac"), NO_LIMITS, "Chrome");
        assertEquals("copy", d.mode());
        assertEquals(3003, d.directPlayCode());
        assertTrue(d.directPlayText().contains("in mkv"), d.directPlayText());
        assertEquals("Direct Stream OK.", d.transcodeText());
        assertEquals("copy", d.videoDecision());
        assertEquals("copy", d.audioDecision());
    }

    @Test
    void hevcIsTranscodedToH264ForChromeAndPlayedDirectlyBySafari() {
        Decision chrome = decide(film("mp4", "hevc", "aac", 1920, 1080, 6000, 2), NO_LIMITS, "Chrome");
        assertEquals("transcode", chrome.mode());
        assertEquals(3003, chrome.directPlayCode());
        assertEquals("Transcode OK.", chrome.transcodeText());
        assertEquals(1920, chrome.width());
        assertEquals(1080, chrome.height());
        assertEquals(6000, chrome.videoBitrateKbps(), "never more bits than the source had");
        assertTrue(decide(film("mp4", "hvc1", "aac"), NO_LIMITS, "Safari").directPlay());
    }

    @Test
    void aBitrateLimitBelowTheFilmsTranscodesAtTheLimitAndKeepsTheSize() {
        Decision d = decide(film("mp4", "h264", "aac", 1920, 1080, 10_000, 2), limits(4000, null, null), "Chrome");
        assertEquals(3001, d.directPlayCode());
        assertTrue(d.directPlayText().contains("10000 kbps"), d.directPlayText());
        assertEquals("transcode", d.mode());
        assertEquals(4000, d.videoBitrateKbps());
        assertEquals(1920, d.width());
        assertTrue(decide(film("mp4", "h264", "aac"), limits(20_000, null, null), "Chrome").directPlay());
    }

    @Test
    void aResolutionLimitScalesTheFilmDownKeepingItsShapeWithEvenSides() {
        Decision scope = decide(film("mp4", "h264", "aac", 1920, 800, 10_000, 2), limits(null, 1280, 720), "Chrome");
        assertEquals(3002, scope.directPlayCode());
        assertEquals("transcode", scope.mode());
        assertEquals(1280, scope.width());
        assertEquals(534, scope.height());
        Decision uhd = decide(film("mkv", "hevc", "eac3", 3840, 2160, 40_000, 6), limits(null, 1920, 1080), "Chrome");
        assertEquals(1920, uhd.width());
        assertEquals(1080, uhd.height());
        assertTrue(decide(film("mp4", "h264", "aac", 1280, 720, 4000, 2), limits(null, 1920, 1080), "Chrome")
                .directPlay());
    }

    @Test
    void fittingIntoABoxKeepsTheShapeDoesNotUpscaleAndMakesEverySideEven() {
        assertArrayEquals(new int[] {1280, 720}, Decision.fit(1920, 1080, 1280, 720));
        assertArrayEquals(new int[] {720, 576}, Decision.fit(720, 576, 1920, 1080));
        assertArrayEquals(new int[] {960, 720}, Decision.fit(1440, 1080, 1280, 720));
        assertArrayEquals(new int[] {1920, 818}, Decision.fit(1920, 817, null, null));
    }

    @Test
    void withDirectPlayOffTheSameFilmIsRemuxedAndTheReasonSaysSo() {
        Decision d = decide(film("mp4", "h264", "aac"), NO_LIMITS.streaming(), "Chrome");
        assertEquals("copy", d.mode());
        assertEquals(3000, d.directPlayCode());
        assertEquals(1001, d.generalCode());
    }

    @Test
    void surroundAudioABrowserCannotStreamIsTranscodedToStereoWhileTheVideoIsCopied() {
        Decision d = decide(film("mkv", "h264", "ac3", 1920, 1080, 8000, 6), NO_LIMITS, "Chrome");
        assertEquals("copy", d.videoDecision());
        assertEquals("transcode", d.audioDecision());
        assertEquals(2, d.audioChannels());
        Decision.Limits sixChannels = new Decision.Limits(false, true, true, null, null, null, 6, null);
        Decision tv = decide(film("mkv", "h264", "eac3", 1920, 1080, 8000, 6), sixChannels, "Android");
        assertEquals("copy", tv.audioDecision());
        assertEquals(6, tv.audioChannels());
    }

    @Test
    void aQualitySettingSentAsABitrateLimitationTranscodesAtThatBitrate() {
        ClientProfile web = ClientProfile.forPlatform("Chrome").augment("add-limitation(scope=videoCodec&scopeName=*"
                + "&type=upperBound&name=video.bitrate&value=3000&replace=true)");
        Decision d = Decision.decide(film("mp4", "h264", "aac"), NO_LIMITS, web, null, "auto", false);
        assertEquals(3004, d.directPlayCode());
        assertTrue(d.directPlayText().contains("video.bitrate at most 3000"), d.directPlayText());
        assertEquals("transcode", d.mode());
        assertEquals(3000, d.videoBitrateKbps());
    }

    @Test
    void aSidecarSrtIsShownByTheBrowserBesideTheFilmItPlaysDirectly() {
        ClientProfile chrome = ClientProfile.forPlatform("Chrome");
        Decision d = Decision.decide(film("mp4", "h264", "aac"), NO_LIMITS, chrome, SRT_SIDECAR, "auto", false);
        assertTrue(d.directPlay());
        assertEquals("copy", d.subtitleDecision());
        assertEquals("sidecar-subs", d.subtitleLocation());
        Decision none = Decision.decide(film("mp4", "h264", "aac"), NO_LIMITS, chrome, SRT_SIDECAR, "none", false);
        assertTrue(none.directPlay());
        assertNull(none.subtitle());
    }

    @Test
    void pgsPlaysOnAPlayerAppButIsBurnedIntoATranscodeForABrowser() {
        PartInfo mkv = film("mkv", "h264", "ac3");
        Decision app = Decision.decide(mkv, NO_LIMITS, ClientProfile.forPlatform("Android"), PGS, "auto", false);
        assertTrue(app.directPlay());
        assertEquals("direct", app.subtitleLocation());
        Decision web = Decision.decide(mkv, NO_LIMITS, ClientProfile.forPlatform("Chrome"), PGS, "auto", false);
        assertEquals("transcode", web.videoDecision());
        assertTrue(web.burnsSubtitles());
        assertEquals("segments-video", web.subtitleLocation());
    }

    @Test
    void assSubtitlesBecomeAWebVttRenditionAndBurnIsHonouredEvenWhereTheyCouldBeShown() {
        SubtitleTrack ass = new SubtitleTrack(7, "ass", null, null, "Movies/Film.en.ass", "eng");
        Decision web = Decision.decide(film("mp4", "h264", "aac"), NO_LIMITS, ClientProfile.forPlatform("Chrome"),
                ass, "auto", false);
        assertEquals(3005, web.directPlayCode());
        assertEquals("copy", web.videoDecision());
        assertEquals("transcode", web.subtitleDecision());
        assertEquals("segments-subs", web.subtitleLocation());
        Decision burn = Decision.decide(film("mkv", "h264", "aac"), NO_LIMITS, ClientProfile.forPlatform("Android"),
                SRT_SIDECAR, "burn", false);
        assertEquals(3005, burn.directPlayCode());
        assertEquals("transcode", burn.videoDecision());
        assertTrue(burn.burnsSubtitles());
    }

    @Test
    void aClientThatStreamsNoH264GetsNothingAndIsToldWhy() {
        ClientProfile hevcOnly = ClientProfile.forPlatform("Chrome").augment("add-transcode-target(type=videoProfile"
                + "&context=streaming&protocol=hls&container=mpegts&videoCodec=hevc&audioCodec=aac)");
        Decision d = Decision.decide(film("mkv", "h264", "aac"), NO_LIMITS, hevcOnly, null, "auto", false);
        assertTrue(d.unplayable());
        assertEquals(2000, d.generalCode());
        assertEquals(4005, d.transcodeCode());
    }

    @Test
    void musicIsPlayedDirectlyUnlessItsBitrateIsOverTheLimitThenTranscodedAtTheLimit() {
        PartInfo flac = new PartInfo(2, "2001", 2L, "Music/a.flac", 30_000_000L, "flac", 240_000L, 1411L, null, null,
                null, null, null, "flac", 2, List.of(), List.of());
        Decision played = Decision.decide(flac, NO_LIMITS, ClientProfile.forPlatform("Chrome"), null, "auto", true);
        assertTrue(played.directPlay());
        Decision.Limits mobile = new Decision.Limits(true, true, true, null, null, null, null, 128);
        Decision capped = Decision.decide(flac, mobile, ClientProfile.forPlatform("Chrome"), null, "auto", true);
        assertEquals("transcode", capped.mode());
        assertEquals(128, capped.audioBitrateKbps());
        PartInfo mp3 = new PartInfo(3, "2002", 2L, "Music/b.mp3", 9_000_000L, "mp3", 240_000L, 320L, null, null,
                null, null, null, "mp3", 2, List.of(), List.of());
        Decision remux = Decision.decide(mp3, NO_LIMITS.streaming(), ClientProfile.forPlatform("Chrome"), null, "auto",
                true);
        assertEquals("copy", remux.mode());
        assertEquals("Direct Stream OK.", remux.transcodeText());
    }
}
