package io.cinemesh.stream.transcode.rest;

import io.cinemesh.stream.transcode.service.ClientProfile;
import io.cinemesh.stream.transcode.service.Decision;
import io.cinemesh.stream.transcode.service.TranscodeAsk;
import jakarta.ws.rs.BadRequestException;
import java.util.function.UnaryOperator;

/**
 * Reads a universal-transcode request's parameters (PMS's names; players put some in headers and some in the
 * query) into a {@link TranscodeAsk}. Each bad value is a 400 that names it.
 */
final class TranscodeRequest {

    private TranscodeRequest() {
    }

    /**
     * @param param a query parameter by name
     * @param plexHeader an {@code X-Plex-*} value by name, from the header or else the query
     */
    static TranscodeAsk of(UnaryOperator<String> param, UnaryOperator<String> plexHeader, String kind) {
        String platform = plexHeader.apply("X-Plex-Client-Platform");
        ClientProfile profile = ClientProfile.forPlatform(platform != null ? platform
                : plexHeader.apply("X-Plex-Platform")).augment(plexHeader.apply("X-Plex-Client-Profile-Extra"));
        return new TranscodeAsk(ratingKey(param.apply("path")), index("mediaIndex", param.apply("mediaIndex")),
                index("partIndex", param.apply("partIndex")), limits(param), profile,
                subtitleMode(param.apply("subtitles")), subtitleStreamId(param.apply("subtitleStreamID")),
                "audio".equals(kind) || "music".equals(kind), plexHeader.apply("X-Plex-Client-Identifier"));
    }

    static String ratingKey(String path) {
        if (path != null && path.startsWith("/library/metadata/")) {
            String rk = path.substring("/library/metadata/".length());
            int slash = rk.indexOf('/');
            rk = slash < 0 ? rk : rk.substring(0, slash);
            if (rk.matches("\\d{1,18}")) {
                return rk;
            }
        }
        throw new BadRequestException("path must be /library/metadata/{ratingKey}");
    }

    /** PMS's {@code subtitles}: sidecar, embedded and segmented all mean "show it beside the video" here. */
    static String subtitleMode(String v) {
        if (v == null || v.isBlank()) {
            return "auto";
        }
        return switch (v.trim()) {
            case "auto", "sidecar", "embedded", "segmented" -> "auto";
            case "burn" -> "burn";
            case "none" -> "none";
            default -> throw new BadRequestException(
                    "subtitles must be auto, burn, none, sidecar, embedded or segmented, not '" + v + "'");
        };
    }

    /** {@code subtitleStreamID}: the subtitle to show, 0 for none (PMS's way to deselect), null when absent. */
    static Long subtitleStreamId(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(v.trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new BadRequestException("subtitleStreamID must be a stream id, not '" + v + "'");
        }
    }

    static Decision.Limits limits(UnaryOperator<String> param) {
        Integer maxW = null;
        Integer maxH = null;
        String res = param.apply("videoResolution");
        if (res != null && !res.isBlank()) {
            String[] wh = res.toLowerCase().split("x");
            try {
                maxW = Integer.parseInt(wh[0].trim());
                maxH = Integer.parseInt(wh[1].trim());
            } catch (RuntimeException e) {
                throw new BadRequestException("videoResolution must look like 1280x720, not '" + res + "'");
            }
        }
        return new Decision.Limits(!"0".equals(param.apply("directPlay")),
                !"0".equals(param.apply("directStream")), !"0".equals(param.apply("directStreamAudio")),
                positive(param, "maxVideoBitrate"), maxW, maxH, positive(param, "audioChannelCount"),
                positive(param, "musicBitrate"));
    }

    private static Integer positive(UnaryOperator<String> param, String name) {
        String v = param.apply(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int i = (int) Math.round(Double.parseDouble(v.trim()));
            if (i <= 0) {
                throw new BadRequestException(name + " must be positive");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a number, not '" + v + "'");
        }
    }

    static int index(String name, String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 0) {
                throw new BadRequestException(name + " must not be negative");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number");
        }
    }

    static double offsetSeconds(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new BadRequestException("offset must be a positive number of seconds");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BadRequestException("offset must be a number of seconds, not '" + v + "'");
        }
    }
}
