package io.cinemesh.stream.transcode.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A transcode session's parameters, shared by every replica: whichever replica gets a request for one of its
 * segments rebuilds the same ffmpeg job from this row. The file is the relative path library-service gave when
 * the session started under the caller's shares.
 */
@Entity
@Table(name = "transcode_session")
public class TranscodeSessionRecord extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "user_id", nullable = false)
    public long userId;
    @Column(name = "user_name", nullable = false)
    public String userName;
    @Column(name = "rating_key", nullable = false)
    public String ratingKey;
    @Column(name = "part_id", nullable = false)
    public long partId;
    @Column(nullable = false)
    public String file;
    /** {@code video} or {@code music}. */
    @Column(nullable = false)
    public String kind;
    /** {@code copy} (direct stream, a remux) or {@code transcode}. */
    @Column(nullable = false)
    public String decision;
    @Column(name = "video_decision")
    public String videoDecision;
    @Column(name = "audio_decision", nullable = false)
    public String audioDecision;
    @Column(name = "source_container")
    public String sourceContainer;
    @Column(name = "source_video_codec")
    public String sourceVideoCodec;
    @Column(name = "source_audio_codec")
    public String sourceAudioCodec;
    public Integer width;
    public Integer height;
    @Column(name = "video_bitrate_kbps")
    public Integer videoBitrateKbps;
    @Column(name = "audio_bitrate_kbps", nullable = false)
    public int audioBitrateKbps;
    @Column(name = "audio_channels", nullable = false)
    public int audioChannels;
    @Column(name = "duration_ms", nullable = false)
    public long durationMs;
    @Column(name = "offset_ms", nullable = false)
    public long offsetMs;
    @Column(name = "segment_seconds", nullable = false)
    public int segmentSeconds;
    @Column(name = "client_identifier")
    public String clientIdentifier;
    @Column(name = "client_session")
    public String clientSession;
    /** {@code transcode} (a WebVTT rendition beside the video) or {@code burn} (drawn into it); null: none. */
    @Column(name = "subtitle_decision")
    public String subtitleDecision;
    @Column(name = "subtitle_stream_id")
    public Long subtitleStreamId;
    @Column(name = "subtitle_codec")
    public String subtitleCodec;
    @Column(name = "subtitle_language")
    public String subtitleLanguage;
    /** A sidecar subtitle's file, relative to the media root like {@link #file}. */
    @Column(name = "subtitle_file")
    public String subtitleFile;
    /** An embedded subtitle's stream index in the file, and its place among the file's subtitle streams. */
    @Column(name = "subtitle_index")
    public Integer subtitleIndex;
    @Column(name = "subtitle_ordinal")
    public Integer subtitleOrdinal;
    /** The audio track's stream index in the file when the user chose one; null: the file's first audio track. */
    @Column(name = "audio_index")
    public Integer audioIndex;
    /** The id and issue time of the token that started the session, so that its revocation ends it. */
    @Column(name = "token_id")
    public String tokenId;
    @Column(name = "token_issued_at")
    public Long tokenIssuedAt;
    /**
     * A video copy's segment ends (ms of the source, comma-separated, the last is the duration), on the part's key
     * frames (see {@code SegmentCuts}); null: fixed {@link #segmentSeconds} segments (transcodes, music).
     */
    @Column(name = "segment_ends_ms")
    public String segmentEndsMs;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "last_seen_at", nullable = false)
    public OffsetDateTime lastSeenAt;

    @jakarta.persistence.Transient
    private long[] ends;

    /**
     * Whether the segments are cut on the part's key frames (a direct stream, one ffmpeg run per segment) rather
     * than made by one transcoding ffmpeg on the fixed grid.
     */
    public boolean keyFrameSegments() {
        return segmentEndsMs != null;
    }

    public int segmentCount() {
        if (keyFrameSegments()) {
            return ends().length;
        }
        return (int) Math.max(1, (durationMs + segmentSeconds * 1000L - 1) / (segmentSeconds * 1000L));
    }

    /** Where segment {@code n} starts, in ms of the source. */
    public long segmentStartMs(int n) {
        if (n == 0) {
            return 0;
        }
        return segmentEndsMs != null ? ends()[n - 1] : n * segmentSeconds * 1000L;
    }

    /** Where segment {@code n} ends (the next one starts), in ms of the source. */
    public long segmentEndMs(int n) {
        return segmentEndsMs != null ? ends()[n] : Math.min(durationMs, (n + 1) * segmentSeconds * 1000L);
    }

    /** The segment that holds {@code ms} of the source. */
    public int segmentAt(long ms) {
        int n = 0;
        while (n < segmentCount() - 1 && segmentEndMs(n) <= ms) {
            n++;
        }
        return n;
    }

    private long[] ends() {
        long[] e = ends;
        if (e == null) {
            e = java.util.Arrays.stream(segmentEndsMs.split(",")).mapToLong(Long::parseLong).toArray();
            ends = e;
        }
        return e;
    }

    public String streamKey() {
        return io.cinemesh.stream.trace.StreamTraces.key(userId, ratingKey, clientIdentifier);
    }
}
