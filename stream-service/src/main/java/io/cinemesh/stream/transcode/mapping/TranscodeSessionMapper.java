package io.cinemesh.stream.transcode.mapping;

import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.stream.client.PartInfo;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.cinemesh.stream.transcode.service.Decision;
import io.cinemesh.stream.transcode.service.SubtitleTrack;
import io.cinemesh.stream.transcode.service.TranscodeAsk;
import io.cinemesh.stream.transcode.service.TranscodeChoice;
import io.cinemesh.stream.transcode.service.TranscodeJob;
import io.cinemesh.stream.transcode.service.TranscodeJobs;
import io.cinemesh.tokens.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A transcode session's row from what was decided for it, and the session as PMS shows it: what it asked for
 * and, when this replica runs its ffmpeg, how far and how fast that is going.
 */
@ApplicationScoped
public class TranscodeSessionMapper {

    @Inject
    TranscodeJobs jobs;

    /** The {@code TranscodeSession} element under a playing session of {@code /status/sessions}. */
    public PlexElement element(TranscodeSessionRecord r) {
        return fill(PlexElement.of("TranscodeSession"), r);
    }

    /** The same as a list item (a plain array in JSON), for {@code /transcode/sessions}. */
    public PlexElement listElement(TranscodeSessionRecord r) {
        return fill(new ListedTranscodeSession(), r);
    }

    /** A new session's row: what was decided for the caller's part, starting {@code offsetMs} in. */
    public TranscodeSessionRecord newSession(Caller me, TranscodeAsk ask, TranscodeChoice c, long offsetMs,
            int segmentSeconds, String clientSession) {
        Decision d = c.decision();
        PartInfo part = c.part();
        TranscodeSessionRecord r = new TranscodeSessionRecord();
        r.id = UUID.randomUUID().toString();
        r.userId = me.userId();
        r.userName = me.name();
        r.tokenId = me.tokenId();
        r.tokenIssuedAt = me.issuedAt();
        r.ratingKey = part.ratingKey();
        r.partId = part.partId();
        r.file = part.file();
        r.kind = ask.music() || !part.hasVideo() ? "music" : "video";
        r.decision = d.mode();
        r.videoDecision = "music".equals(r.kind) ? null : d.videoDecision();
        r.audioDecision = d.audioDecision();
        r.sourceContainer = part.container();
        r.sourceVideoCodec = part.videoCodec();
        r.sourceAudioCodec = part.audioCodec();
        r.width = d.width();
        r.height = d.height();
        r.videoBitrateKbps = d.videoBitrateKbps();
        r.audioBitrateKbps = d.audioBitrateKbps() > 0 ? d.audioBitrateKbps() : 128;
        r.audioChannels = d.audioChannels();
        r.durationMs = part.durationMs();
        r.offsetMs = offsetMs;
        r.segmentSeconds = segmentSeconds;
        r.audioIndex = c.audioIndex();
        SubtitleTrack sub = d.subtitle();
        if (sub != null && d.subtitleDecision() != null && "video".equals(r.kind)) {
            r.subtitleDecision = d.subtitleDecision();
            r.subtitleStreamId = sub.id();
            r.subtitleCodec = sub.codec();
            r.subtitleLanguage = sub.language();
            r.subtitleFile = sub.file();
            r.subtitleIndex = sub.index();
            r.subtitleOrdinal = sub.ordinal();
        }
        r.clientIdentifier = ask.clientIdentifier();
        r.clientSession = clientSession == null || clientSession.isBlank() ? null : clientSession;
        r.createdAt = OffsetDateTime.now();
        r.lastSeenAt = r.createdAt;
        return r;
    }

    private PlexElement fill(PlexElement e, TranscodeSessionRecord r) {
        var job = jobs.job(r.id);
        double duration = r.durationMs / 1000.0;
        double done = job.map(TranscodeJob::progressSeconds).orElse(0.0);
        e.attr("key", r.id).attr("throttled", job.map(TranscodeJob::paused).orElse(false))
                .attr("complete", job.map(j -> !j.alive() && j.exitedCleanly()).orElse(false))
                .attr("progress", Math.round(Math.min(100.0, duration > 0 ? 100.0 * done / duration : 0) * 10) / 10.0)
                .attr("speed", job.map(TranscodeJob::speed).orElse(0.0))
                .attr("duration", r.durationMs).attr("context", "streaming")
                .attr("sourceVideoCodec", r.sourceVideoCodec).attr("sourceAudioCodec", r.sourceAudioCodec)
                .attr("videoDecision", r.videoDecision).attr("audioDecision", r.audioDecision)
                .attr("protocol", "hls").attr("container", "mpegts")
                .attr("videoCodec", r.videoDecision == null ? null
                        : "copy".equals(r.videoDecision) ? r.sourceVideoCodec : "h264")
                .attr("audioCodec", "copy".equals(r.audioDecision) ? r.sourceAudioCodec : "aac")
                .attr("audioChannels", r.audioChannels).attr("width", r.width).attr("height", r.height)
                .attr("transcodeHwRequested", false).attr("timeStamp", r.createdAt.toEpochSecond());
        return e;
    }

    /** {@code TranscodeSession} is one object under a session, but a list under {@code /transcode/sessions}. */
    static final class ListedTranscodeSession extends PlexElement {
        ListedTranscodeSession() {
            super("TranscodeSession", "TranscodeSession", false);
        }
    }
}
