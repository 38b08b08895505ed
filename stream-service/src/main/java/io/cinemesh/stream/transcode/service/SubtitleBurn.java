package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Burns a session's subtitle into the video of its ffmpeg job, by turning the job's video filter ({@code -vf})
 * into a filter graph that also draws the subtitle: text through libass ({@code subtitles=}), bitmaps
 * ({@code overlay} of the subtitle stream). Kept apart from the job's own arguments, which it only rewrites where
 * the video is mapped and filtered.
 */
final class SubtitleBurn {

    private SubtitleBurn() {
    }

    /** Where a sidecar subtitle to burn is copied in the session's scratch folder (a name ffmpeg needs no escaping for). */
    static String sidecarCopy(TranscodeSessionRecord s) {
        String f = s.subtitleFile;
        int dot = f.lastIndexOf('.');
        String ext = dot < 0 ? "srt" : f.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        return "burn-subtitle." + (ext.matches("[a-z0-9]{1,5}") ? ext : "srt");
    }

    /**
     * Rewrites {@code cmd} in place when the session burns subtitles. {@code media} is the part's file, {@code dir}
     * the session's scratch folder (where {@link SubtitleTracks#prepareBurn} put a sidecar); {@code startSeconds}
     * is where the job seeks to.
     */
    static void apply(List<String> cmd, TranscodeSessionRecord s, int startSeconds, Path media, Path dir) {
        if (!"burn".equals(s.subtitleDecision)) {
            return;
        }
        Path sidecar = s.subtitleFile == null ? null : dir.resolve(sidecarCopy(s));
        int vf = cmd.indexOf("-vf");
        String videoFilter = vf < 0 ? "null" : cmd.get(vf + 1);
        if (vf >= 0) {
            cmd.remove(vf + 1);
            cmd.remove(vf);
        }
        String graph;
        if (sidecar == null && new SubtitleTrack(0, s.subtitleCodec, s.subtitleIndex, s.subtitleOrdinal, null,
                null).image()) {
            // Bitmaps come with their own timing from the same (seeked) input: overlay them as they are.
            graph = "[0:v:0][0:s:" + s.subtitleOrdinal + "]overlay=eof_action=pass," + videoFilter + "[v]";
        } else {
            // libass reads the subtitle file on its own and times cues by the frame's timestamp, which input
            // seeking reset to zero: shift to source time for it, and back.
            String file = "filename=" + quote(sidecar != null ? sidecar : media)
                    + (sidecar == null ? ":si=" + s.subtitleOrdinal : "");
            graph = "[0:v:0]" + videoFilter + ",setpts=PTS+" + startSeconds + "/TB,subtitles=" + file
                    + ",setpts=PTS-" + startSeconds + "/TB[v]";
        }
        int map = indexOfPair(cmd, "-map", "0:v:0");
        if (map >= 0) {
            cmd.set(map + 1, "[v]");
        }
        int at = cmd.indexOf("-map");
        cmd.addAll(at < 0 ? cmd.size() : at, List.of("-filter_complex", graph));
    }

    private static int indexOfPair(List<String> cmd, String option, String value) {
        for (int i = 0; i + 1 < cmd.size(); i++) {
            if (cmd.get(i).equals(option) && cmd.get(i + 1).equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private static final Set<Character> GRAPH_SPECIAL = Set.of('\\', '\'', '[', ']', ',', ';');

    /**
     * A path as a filter option value inside a filter graph: quoted for the option parser, then escaped for the
     * graph parser (ffmpeg-filters(1), "Notes on filtergraph escaping").
     */
    static String quote(Path path) {
        String option = "'" + path.toString().replace("'", "'\\''") + "'";
        StringBuilder b = new StringBuilder();
        for (char c : option.toCharArray()) {
            if (GRAPH_SPECIAL.contains(c)) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
