package io.cinemesh.stream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartInfoTest {

    private static PartInfo part(List<PartInfo.StreamInfo> streams, List<PartInfo.SubtitleInfo> subtitles) {
        return new PartInfo(1, "10", 1L, "Movies/a.mkv", 1L, "mkv", 1000L, 8000L, "h264", "high", 1920, 1080, 30.0,
                "aac", 6, streams, subtitles);
    }

    private static PartInfo.StreamInfo audio(long id, int index, String codec, int channels, boolean selected) {
        return new PartInfo.StreamInfo(id, index, 2, codec, "eng", channels, selected);
    }

    @Test
    void theFirstAudioTrackNeedsNoChoiceAndAnotherChosenOneReplacesItsCodecAndChannels() {
        var first = audio(2, 1, "aac", 6, true);
        var second = audio(3, 2, "ac3", 2, false);
        assertNull(part(List.of(first, second), List.of()).chosenAudio());
        var chosen = audio(3, 2, "ac3", 2, true);
        PartInfo p = part(List.of(audio(2, 1, "aac", 6, false), chosen), List.of());
        assertEquals(chosen, p.chosenAudio());
        PartInfo heard = p.withAudio(chosen);
        assertEquals("ac3", heard.audioCodec());
        assertEquals(2, heard.audioChannels());
        assertEquals(p.videoCodec(), heard.videoCodec());
    }

    @Test
    void theSelectedSubtitleIsEmbeddedOrASidecarOrNone() {
        var embedded = new PartInfo.StreamInfo(4L, 3, 3, "subrip", "eng", null, true);
        assertEquals(4L, part(List.of(embedded), List.of()).selectedSubtitle());
        var sidecar = new PartInfo.SubtitleInfo(5, "Movies/a.fr.srt", "srt", "fra", true);
        assertEquals(5L, part(List.of(), List.of(sidecar)).selectedSubtitle());
        assertNull(part(List.of(new PartInfo.StreamInfo(4L, 3, 3, "subrip", "eng", null, false)),
                List.of(new PartInfo.SubtitleInfo(5, "Movies/a.fr.srt", "srt", "fra", false))).selectedSubtitle());
    }
}
