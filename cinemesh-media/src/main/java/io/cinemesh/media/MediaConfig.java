package io.cinemesh.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the media is and which ffmpeg runs on it ({@code cinemesh.media.*}). */
@ConfigMapping(prefix = "cinemesh.media")
public interface MediaConfig {

    /** The media folder ({@code CINEMESH_MEDIA}); see {@link MediaFolder}. */
    Optional<String> root();

    /** The ffmpeg binary: a name looked up on PATH, or a path. */
    @WithDefault("ffmpeg")
    String ffmpeg();

    /** The ffprobe binary: a name looked up on PATH, or a path. */
    @WithDefault("ffprobe")
    String ffprobe();
}
