package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.client.PartInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the universal transcoder does with one part for one client: direct play (the client fetches the file),
 * direct stream (a remux into HLS with {@code -c copy}) or a transcode, from the client's profile
 * ({@link ClientProfile}: platform defaults plus {@code X-Plex-Client-Profile-Extra}) and the request's limits,
 * and what happens to the selected subtitle (shown by the client, a WebVTT rendition, or burned in). Codes and
 * texts follow PMS: general 1000/1001 (playable) or 2000 (nothing works), direct play 1000 or 3xxx, transcode
 * 1000/1001 or 4xxx.
 */
public record Decision(String mode, String videoDecision, String audioDecision, Integer width, Integer height,
        Integer videoBitrateKbps, int audioBitrateKbps, int audioChannels, int generalCode, String generalText,
        int directPlayCode, String directPlayText, int transcodeCode, String transcodeText, SubtitleTrack subtitle,
        String subtitleDecision, String subtitleLocation) {

    private static final Set<String> DIRECT_AUDIO_CONTAINERS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "mp3",
            "m4a", "flac", "aac", "ogg", "ts");
    private static final Set<String> HLS_MUSIC_AUDIO = Set.of("aac", "mp3", "ac3");

    /** The client's limits, from the start/decision query. */
    public record Limits(boolean directPlay, boolean directStream, boolean directStreamAudio, Integer maxVideoBitrate,
            Integer maxWidth, Integer maxHeight, Integer audioChannels, Integer musicBitrate) {

        /** The same limits without direct play: start.m3u8 always answers with HLS. */
        public Limits streaming() {
            return new Limits(false, directStream, directStreamAudio, maxVideoBitrate, maxWidth, maxHeight,
                    audioChannels, musicBitrate);
        }
    }

    public boolean directPlay() {
        return "directplay".equals(mode);
    }

    /** Nothing the client can play: no direct play, and no stream this server can make for it. */
    public boolean unplayable() {
        return "none".equals(mode);
    }

    public boolean burnsSubtitles() {
        return "burn".equals(subtitleDecision);
    }

    /**
     * @param subtitle the selected subtitle, or null
     * @param subtitleMode PMS's {@code subtitles}: auto, burn, none (sidecar/embedded/segmented act as auto)
     */
    public static Decision decide(PartInfo part, Limits limits, ClientProfile profile, SubtitleTrack subtitle,
            String subtitleMode, boolean music) {
        String container = ClientProfile.normalise(part.container());
        String acodec = ClientProfile.normalise(part.audioCodec());
        int channels = part.audioChannels() == null ? 2 : part.audioChannels();
        int outChannels = limits.audioChannels() != null ? Math.min(channels, limits.audioChannels())
                : Math.min(channels, 2);
        if (music || !part.hasVideo()) {
            return music(part, limits, container, acodec, channels, outChannels);
        }
        String vcodec = ClientProfile.normalise(part.videoCodec());
        int width = part.width() == null ? 1920 : part.width();
        int height = part.height() == null ? 1080 : part.height();
        long bitrate = part.bitrate() == null ? 0 : part.bitrate();
        Map<String, String> videoProps = new HashMap<>();
        videoProps.put("video.width", Integer.toString(width));
        videoProps.put("video.height", Integer.toString(height));
        if (bitrate > 0) {
            videoProps.put("video.bitrate", Long.toString(bitrate));
        }
        if (part.frameRate() != null) {
            videoProps.put("video.frameRate", Double.toString(part.frameRate()));
        }
        if (part.videoProfile() != null) {
            videoProps.put("video.profile", part.videoProfile());
        }
        Map<String, String> audioProps = Map.of("audio.channels", Integer.toString(channels));
        ClientProfile.Limitation videoLimit = profile.broken("videoCodec", vcodec, videoProps);
        // PMS profiles bound the audio of a video as videoAudioCodec (audioCodec is for music); either applies.
        ClientProfile.Limitation audioLimit = acodec == null ? null
                : profile.broken("videoAudioCodec", acodec, audioProps);
        if (audioLimit == null && acodec != null) {
            audioLimit = profile.broken("audioCodec", acodec, audioProps);
        }

        SubtitleTrack sub = "none".equals(subtitleMode) ? null : subtitle;
        boolean burnAsked = sub != null && "burn".equals(subtitleMode);
        boolean directPlaySubs = sub == null || (!burnAsked && profile.showsDirectPlaySubtitles(sub.codec()));
        boolean hlsBurn = sub != null && (burnAsked || sub.image() || !profile.showsSubtitles("webvtt"));

        boolean fitsResolution = (limits.maxWidth() == null || width <= limits.maxWidth())
                && (limits.maxHeight() == null || height <= limits.maxHeight());
        boolean fitsBitrate = limits.maxVideoBitrate() == null || bitrate == 0 || bitrate <= limits.maxVideoBitrate();
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
        } else if (container == null || !profile.directPlays(container, vcodec, acodec)) {
            dpCode = 3003;
            why = "Direct play not available: the " + profile.name() + " profile cannot play " + vcodec + "/"
                    + acodec + " in " + container + ".";
        } else if (videoLimit != null || audioLimit != null) {
            ClientProfile.Limitation l = videoLimit != null ? videoLimit : audioLimit;
            dpCode = 3004;
            why = "Direct play not available: the client allows " + l.describe() + " for " + l.scopeName() + ".";
        } else if (!directPlaySubs) {
            dpCode = 3005;
            why = "Direct play not available: the selected subtitles (" + sub.codec()
                    + ") must be burned into the video for this client.";
        } else {
            return new Decision("directplay", "copy", "copy", width, height, (int) bitrate, 0, channels, 1000,
                    "Direct play OK.", 1000, "Direct play OK.", 1000, "Direct play OK.", sub,
                    sub == null ? null : "copy", sub == null ? null : sub.sidecar() ? "sidecar-subs" : "direct");
        }
        String subDecision = sub == null ? null : hlsBurn ? "burn" : "transcode";
        String subLocation = sub == null ? null : hlsBurn ? "segments-video" : "segments-subs";
        boolean videoCopyable = limits.directStream() && profile.streamsVideo(vcodec) && fitsResolution
                && fitsBitrate && videoLimit == null && !hlsBurn;
        boolean audioCopy = limits.directStreamAudio() && acodec != null && profile.streamsAudio(acodec)
                && channels <= outChannels && audioLimit == null;
        if (videoCopyable) {
            return new Decision("copy", "copy", audioCopy ? "copy" : "transcode", width, height,
                    bitrate > 0 ? (int) bitrate : null, 128, outChannels, 1001,
                    "Direct play not available; Conversion OK.", dpCode, why, 1001, "Direct Stream OK.", sub,
                    subDecision, subLocation);
        }
        if (!profile.streamsVideo("h264")) {
            return new Decision("none", null, null, null, null, null, 0, outChannels, 2000,
                    "Neither direct play nor conversion is available.", dpCode, why, 4005,
                    "Transcode not available: the " + profile.name()
                            + " profile streams no video codec this server encodes (h264).", sub, null, null);
        }
        Integer maxW = min(limits.maxWidth(), profile.videoUpperBound("h264", "video.width"));
        Integer maxH = min(limits.maxHeight(), profile.videoUpperBound("h264", "video.height"));
        int[] size = fit(width, height, maxW, maxH);
        Integer maxKbps = min(limits.maxVideoBitrate(), profile.videoUpperBound("h264", "video.bitrate"));
        int target = maxKbps != null ? Math.max(64, maxKbps) : defaultBitrate(size[1]);
        if (bitrate > 0) {
            target = (int) Math.min(target, Math.max(bitrate, 64));
        }
        return new Decision("transcode", "transcode", audioCopy ? "copy" : "transcode", size[0], size[1], target,
                128, outChannels, 1001, "Direct play not available; Conversion OK.", dpCode, why, 1001,
                "Transcode OK.", sub, subDecision, subLocation);
    }

    private static Decision music(PartInfo part, Limits limits, String container, String acodec, int channels,
            int outChannels) {
        boolean audioFits = acodec == null || (HLS_MUSIC_AUDIO.contains(acodec) && channels <= outChannels);
        boolean fitsBitrate = limits.musicBitrate() == null || part.bitrate() == null
                || part.bitrate() <= limits.musicBitrate();
        if (limits.directPlay() && fitsBitrate && container != null && DIRECT_AUDIO_CONTAINERS.contains(container)) {
            return new Decision("directplay", null, "copy", null, null, null, 0, channels, 1000,
                    "Direct play OK.", 1000, "Direct play OK.", 1000, "Direct play OK.", null, null, null);
        }
        int kbps = limits.musicBitrate() != null ? Math.max(64, Math.min(limits.musicBitrate(), 320)) : 192;
        boolean copy = limits.directStreamAudio() && fitsBitrate && audioFits;
        return new Decision(copy ? "copy" : "transcode", null, copy ? "copy" : "transcode", null, null, null,
                kbps, outChannels, 1001, "Direct play not available; Conversion OK.",
                limits.directPlay() ? 3001 : 3000, limits.directPlay()
                        ? "Direct play not available: the client's limits do not fit this file."
                        : "App cannot direct play this item. Direct play is disabled.",
                1001, copy ? "Direct Stream OK." : "Transcode OK.", null, null, null);
    }

    private static Integer min(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Integer.valueOf(Math.min(a, b));
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

}
