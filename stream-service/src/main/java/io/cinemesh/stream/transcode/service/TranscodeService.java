package io.cinemesh.stream.transcode.service;

import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.stream.client.LibraryLookup;
import io.cinemesh.stream.client.PartInfo;
import io.cinemesh.stream.config.TranscodeConfig;
import io.cinemesh.stream.trace.StreamMetrics;
import io.cinemesh.stream.trace.StreamTraces;
import io.cinemesh.stream.transcode.mapping.TranscodeSessionMapper;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.cinemesh.tokens.Caller;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The universal transcoder's work: decide what a player gets from a part, start a transcode session (stored, so
 * any replica can serve it; audited), hand out its segments and subtitle cues, keep it alive and stop it. The
 * segments are public by their unguessable session id; ping and stop need the session's owner (or the server's).
 */
@ApplicationScoped
public class TranscodeService {

    @Inject
    LibraryLookup library;
    @Inject
    TranscodeSessions sessions;
    @Inject
    SegmentCuts cuts;
    @Inject
    TranscodeJobs jobs;
    @Inject
    SubtitleTracks subtitleTracks;
    @Inject
    StreamTraces traces;
    @Inject
    StreamMetrics metrics;
    @Inject
    AuditTrail audit;
    @Inject
    TranscodeSessionMapper mapper;
    @Inject
    Vertx vertx;

    @Inject
    TranscodeConfig transcode;

    /** A made segment, ready to send. */
    public record Segment(Path file, long size) {
    }

    /**
     * Picks the asked part, looks it up in library-service as the caller, and decides from the client's profile,
     * limits and subtitle choice. {@code describe}: also fetch the item's attributes (only a decision shows them;
     * start.m3u8 need not wait for a second lookup).
     */
    public Uni<TranscodeChoice> decide(Caller me, String token, TranscodeAsk ask, boolean describe) {
        String rk = ask.ratingKey();
        Uni<Map<String, Object>> attributes = describe
                ? library.itemAttributes(token, rk).onFailure().recoverWithItem(Map.<String, Object>of())
                : Uni.createFrom().item(Map.<String, Object>of());
        return library.itemParts(me, token, rk).flatMap(parts -> attributes.flatMap(item -> {
            if (parts.isEmpty()) {
                throw new NotFoundException("This item has no playable media");
            }
            PartInfo stored = parts.get(Math.min(parts.size() - 1, Math.max(ask.mediaIndex(), ask.partIndex())));
            // Without subtitleStreamID the caller's saved choice (PUT /library/parts/{id}) applies; 0 is none.
            Long subtitleId = ask.subtitleStreamId() == null ? stored.selectedSubtitle()
                    : ask.subtitleStreamId() == 0 ? null : ask.subtitleStreamId();
            SubtitleTrack subtitle = subtitleId == null ? null : SubtitleTrack.of(stored, subtitleId);
            PartInfo.StreamInfo audio = stored.chosenAudio();
            PartInfo part = audio == null ? stored : stored.withAudio(audio);
            String client = String.valueOf(ask.clientIdentifier());
            return traces.stream(StreamTraces.key(me.userId(), rk, ask.clientIdentifier()), Map.of("cinemesh.user",
                    Long.toString(me.userId()), "cinemesh.item", rk, "cinemesh.client", client)).map(stream -> {
                        // start.m3u8 always answers with HLS: the best it can do is a remux.
                        Decision d = Decision.decide(part, describe ? ask.limits() : ask.limits().streaming(),
                                ask.profile(), subtitle, ask.subtitleMode(), ask.music());
                        Span span = traces.child(stream, "transcode.decision");
                        span.setAttribute("cinemesh.user", me.userId());
                        span.setAttribute("cinemesh.item", rk);
                        span.setAttribute("cinemesh.client", client);
                        span.setAttribute("cinemesh.decision", d.mode());
                        span.setAttribute("cinemesh.profile", ask.profile().name());
                        span.setAttribute("cinemesh.video_codec", String.valueOf(part.videoCodec()));
                        span.setAttribute("cinemesh.audio_codec", String.valueOf(part.audioCodec()));
                        if (d.subtitleDecision() != null) {
                            span.setAttribute("cinemesh.subtitle_decision", d.subtitleDecision());
                        }
                        if (d.videoBitrateKbps() != null) {
                            span.setAttribute("cinemesh.bitrate_kbps", d.videoBitrateKbps());
                        }
                        span.end();
                        return new TranscodeChoice(part, d, stream, item, audio == null ? null : audio.index());
                    });
        }));
    }

    /**
     * Starts a session at {@code offset} seconds: stops the client's earlier one, stores and audits the new one,
     * and starts producing at once, so the first segment is (nearly) ready when asked for.
     */
    public Uni<TranscodeSessionRecord> start(Caller me, String token, TranscodeAsk ask, double offset,
            String clientSession, String from) {
        return decide(me, token, ask, false).flatMap(c -> {
            Decision d = c.decision();
            if (d.unplayable()) {
                throw new BadRequestException(d.generalText() + " " + d.transcodeText());
            }
            if (c.part().durationMs() == null || c.part().durationMs() <= 0) {
                throw new BadRequestException("This media has no known duration, so it cannot be streamed as HLS");
            }
            if (offset * 1000 >= c.part().durationMs()) {
                throw new BadRequestException("offset is past the end of the media");
            }
            TranscodeSessionRecord r = mapper.newSession(me, ask, c, Math.round(offset * 1000),
                    transcode.segmentSeconds(), clientSession);
            Span span = traces.child(c.stream(), "transcode.start");
            span.setAttribute("cinemesh.transcode_session", r.id);
            span.setAttribute("cinemesh.decision", r.decision);
            span.end();
            // A video copy is cut on the file's key frames (read once per file, off the event loop).
            Uni<TranscodeSessionRecord> ready = !"copy".equals(r.videoDecision) ? Uni.createFrom().item(r)
                    : vertx.executeBlocking(Uni.createFrom().item(() -> {
                        r.segmentEndsMs = cuts.ends(r.file, r.durationMs, r.segmentSeconds);
                        return r;
                    }));
            return sessions.stopEarlier(r).chain(() -> ready)
                    .chain(() -> Panache.withTransaction(() -> r.persist().chain(() -> audit.record(me,
                            "transcode.start", "item:" + r.ratingKey, from, AuditTrail.SUCCESS))))
                    // Off the event loop, and back on it for the database should it fail.
                    .chain(() -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                        jobs.prepare(r, r.segmentAt(r.offsetMs), c.stream());
                        return r;
                    })))
                    .onFailure().call(e -> sessions.stop(r.id));
        });
    }

    /** A session by the id in its URLs, kept alive by the asking. */
    public Uni<TranscodeSessionRecord> playing(String id) {
        if (id == null || !id.matches("[0-9a-f-]{36}")) {
            throw new NotFoundException("No such transcode session");
        }
        return sessions.find(id).map(r -> {
            if (r == null) {
                throw new NotFoundException("No such transcode session (it was stopped or expired)");
            }
            return r;
        }).call(r -> sessions.touch(r.id));
    }

    /** Segment {@code n} of a session, made here if no replica has it yet (blocks off the event loop). */
    public Uni<Segment> segment(String sessionId, int n) {
        return playing(sessionId).flatMap(r -> {
            requireSegment(r, n);
            return traces.stream(r.streamKey(), Map.of("cinemesh.user", Long.toString(r.userId), "cinemesh.item",
                    r.ratingKey)).emitOn(Infrastructure.getDefaultWorkerPool()).map(stream -> {
                        Span span = traces.child(stream, "segment " + n);
                        try {
                            span.setAttribute("cinemesh.transcode_session", r.id);
                            span.setAttribute("cinemesh.user", r.userId);
                            span.setAttribute("cinemesh.item", r.ratingKey);
                            span.setAttribute("cinemesh.decision", r.decision);
                            span.setAttribute("cinemesh.segment", n);
                            Path file = jobs.segment(r, n, stream);
                            long size = Files.size(file);
                            span.setAttribute("cinemesh.bytes", size);
                            metrics.bytesServed("segment", size);
                            return new Segment(file, size);
                        } catch (IOException e) {
                            throw new ServiceUnavailableException("The segment went away; ask again");
                        } catch (RuntimeException e) {
                            span.recordException(e);
                            throw e;
                        } finally {
                            span.end();
                        }
                    });
        });
    }

    /** A session that shows a text subtitle as a WebVTT rendition. */
    public Uni<TranscodeSessionRecord> subtitled(String sessionId) {
        return playing(sessionId).map(r -> {
            if (!"transcode".equals(r.subtitleDecision)) {
                throw new NotFoundException("This transcode session has no subtitle rendition");
            }
            return r;
        });
    }

    /** The cues shown during video segment {@code n}, as WebVTT (reads the subtitle off the event loop). */
    public Uni<String> subtitleCues(String sessionId, int n) {
        return subtitled(sessionId).emitOn(Infrastructure.getDefaultWorkerPool()).map(r -> {
            requireSegment(r, n);
            return subtitleTracks.segment(r, n);
        });
    }

    /** The player is still there: keep the session and let its ffmpeg go on. */
    public Uni<Void> ping(Caller me, String session) {
        return mine(session, me).call(r -> sessions.touch(r.id))
                .invoke(r -> jobs.job(r.id).ifPresent(j -> j.request(j.requested()))).replaceWithVoid();
    }

    public Uni<Void> stop(Caller me, String session) {
        return mine(session, me).call(r -> sessions.stop(r.id)).replaceWithVoid();
    }

    private Uni<TranscodeSessionRecord> mine(String session, Caller me) {
        if (session == null || session.isBlank()) {
            throw new BadRequestException("session is required");
        }
        return sessions.findForClient(session, me.userId(), me.isOwner()).map(r -> {
            if (r == null) {
                throw new NotFoundException("No such transcode session");
            }
            return r;
        });
    }

    private static void requireSegment(TranscodeSessionRecord r, int n) {
        if (n >= r.segmentCount()) {
            throw new NotFoundException("Segment " + n + " is past the end of this media");
        }
    }
}
