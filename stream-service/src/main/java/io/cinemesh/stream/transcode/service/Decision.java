package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.client.PartInfo;
import java.util.Locale;
import java.util.Set;

/**
 * What the universal transcoder does with one part for one client: direct play (the client fetches the file),
 * direct stream (a remux into HLS with {@code -c copy}) or a transcode, from the client's limits. Codes and texts
 * follow PMS: general 1000/1001/2000, direct play 1000 or 3xxx, transcode 1000/1001 or 4xxx.
 */
public record Decision(String mode, String videoDecision, String audioDecision, Integer width, Integer height,
        Integer videoBitrateKbps, int audioBitrateKbps, int audioChannels, int generalCode, String generalText,
        int directPlayCode, String directPlayText, int transcodeCode, String transcodeText) {

    /** Video codecs HLS in MPEG-TS carries and every Plex client decodes. */
    private static final Set<String> HLS_VIDEO = Set.of("h264");
    private static final Set<String> HLS_AUDIO = Set.of("aac", "mp3", "ac3");
    private static final Set<String> DIRECT_CONTAINERS = Set.of("mp4", "m4v", "mov", "mkv", "matroska", "webm",
            "mp3", "m4a", "flac", "aac", "ogg", "ts", "mpegts");

    /** The client's profile and limits, from the start/decision query. */
    public record Limits(boolean directPlay, boolean directStream, boolean directStreamAudio, Integer maxVideoBitrate,
            Integer maxWidth, Integer maxHeight, Integer audioChannels, Integer musicBitrate) {
    }

    public boolean directPlay() {
        return "directplay".equals(mode);
    }

    public static Decision decide(PartInfo part, Limits limits, boolean music) {
        String container = lower(part.container());
        String vcodec = lower(part.videoCodec());
        String acodec = lower(part.audioCodec());
        int channels = part.audioChannels() == null ? 2 : part.audioChannels();
        int outChannels = limits.audioChannels() != null ? Math.min(channels, limits.audioChannels())
                : Math.min(channels, 2);
        boolean audioFits = acodec == null || (HLS_AUDIO.contains(acodec) && channels <= outChannels);
        if (music || !part.hasVideo()) {
            boolean fitsBitrate = limits.musicBitrate() == null || part.bitrate() == null
                    || part.bitrate() <= limits.musicBitrate();
            if (limits.directPlay() && fitsBitrate && container != null && DIRECT_CONTAINERS.contains(container)) {
                return new Decision("directplay", null, "copy", null, null, null, 0, channels, 1000,
                        "Direct play OK.", 1000, "Direct play OK.", 1000, "Direct play OK.");
            }
            int kbps = limits.musicBitrate() != null ? Math.max(64, Math.min(limits.musicBitrate(), 320)) : 192;
            boolean copy = limits.directStreamAudio() && fitsBitrate && audioFits;
            return new Decision(copy ? "copy" : "transcode", null, copy ? "copy" : "transcode", null, null, null,
                    kbps, outChannels, 1001, "Direct play not available; Conversion OK.",
                    limits.directPlay() ? 3001 : 3000, limits.directPlay()
                            ? "Direct play not available: the client's limits do not fit this file."
                            : "App cannot direct play this item. Direct play is disabled.",
                    1001, copy ? "Direct Stream OK." : "Transcode OK.");
        }
        int width = part.width() == null ? 1920 : part.width();
        int height = part.height() == null ? 1080 : part.height();
        long bitrate = part.bitrate() == null ? 0 : part.bitrate();
        boolean fitsResolution = (limits.maxWidth() == null || width <= limits.maxWidth())
                && (limits.maxHeight() == null || height <= limits.maxHeight());
        boolean fitsBitrate = limits.maxVideoBitrate() == null || bitrate == 0 || bitrate <= limits.maxVideoBitrate();
        boolean videoCopyable = vcodec != null && HLS_VIDEO.contains(vcodec) && fitsResolution && fitsBitrate;
        String why;
        int dpCode;
        if (!limits.directPlay()) {
            dpCode = 3000;
            why = "App cannot direct play this item. Direct play is disabled.";
        } else if (!fitsBitrate) {
            dpCode = 3001;
            why = "Direct play not available: the video bitrate (" + bitrate + " kbps) is above the client's limit ("
                    + limits.maxVideoBitrate() + " kbps).";
        } else if (!fitsResolution) {
            dpCode = 3002;
            why = "Direct play not available: the video resolution (" + width + "x" + height
                    + ") is above the client's limit.";
        } else if (container == null || !DIRECT_CONTAINERS.contains(container)) {
            dpCode = 3003;
            why = "Direct play not available: the container is not supported by the client.";
        } else {
            return new Decision("directplay", "copy", "copy", width, height, (int) bitrate, 0, channels, 1000,
                    "Direct play OK.", 1000, "Direct play OK.", 1000, "Direct play OK.");
        }
        if (limits.directStream() && videoCopyable) {
            boolean audioCopy = limits.directStreamAudio() && audioFits;
            return new Decision("copy", "copy", audioCopy ? "copy" : "transcode", width, height,
                    bitrate > 0 ? (int) bitrate : null, 128, outChannels, 1001,
                    "Direct play not available; Conversion OK.", dpCode, why, 1001, "Direct Stream OK.");
        }
        int[] size = fit(width, height, limits.maxWidth(), limits.maxHeight());
        int target = limits.maxVideoBitrate() != null ? Math.max(64, limits.maxVideoBitrate())
                : defaultBitrate(size[1]);
        if (bitrate > 0) {
            target = (int) Math.min(target, Math.max(bitrate, 64));
        }
        return new Decision("transcode", "transcode", "transcode", size[0], size[1], target, 128, outChannels, 1001,
                "Direct play not available; Conversion OK.", dpCode, why, 1001, "Transcode OK.");
    }

    /** Scales to fit the box, keeping the aspect ratio, with even sides (H.264 4:2:0 needs them). */
    static int[] fit(int width, int height, Integer maxWidth, Integer maxHeight) {
        double scale = 1.0;
        if (maxWidth != null && width > maxWidth) {
            scale = Math.min(scale, maxWidth / (double) width);
        }
        if (maxHeight != null && height > maxHeight) {
            scale = Math.min(scale, maxHeight / (double) height);
        }
        int w = (int) Math.round(width * scale / 2) * 2;
        int h = (int) Math.round(height * scale / 2) * 2;
        return new int[] {Math.max(2, w), Math.max(2, h)};
    }

    private static int defaultBitrate(int height) {
        return height >= 1080 ? 8000 : height >= 720 ? 4000 : height >= 480 ? 2000 : 1000;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
