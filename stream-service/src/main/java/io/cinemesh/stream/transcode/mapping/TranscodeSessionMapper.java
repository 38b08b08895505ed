package io.cinemesh.stream.transcode.mapping;

import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.cinemesh.stream.transcode.service.TranscodeJob;
import io.cinemesh.stream.transcode.service.TranscodeJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A transcode session as PMS shows it: what the session asked for (its row) and, when this replica runs its
 * ffmpeg, how far and how fast that is going.
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
