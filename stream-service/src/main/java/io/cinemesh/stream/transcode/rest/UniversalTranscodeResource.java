package io.cinemesh.stream.transcode.rest;

import io.cinemesh.events.AuditEvents;
import io.cinemesh.events.Topics;
import io.cinemesh.outbox.EventOutbox;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.stream.client.LibraryLookup;
import io.cinemesh.stream.client.PartInfo;
import io.cinemesh.stream.media.FileBody;
import io.cinemesh.stream.session.service.PlaybackService;
import io.cinemesh.stream.trace.StreamMetrics;
import io.cinemesh.stream.trace.StreamTraces;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.cinemesh.stream.transcode.service.ClientProfile;
import io.cinemesh.stream.transcode.service.Decision;
import io.cinemesh.stream.transcode.service.SegmentCuts;
import io.cinemesh.stream.transcode.service.SegmentPlaylist;
import io.cinemesh.stream.transcode.service.SubtitleTrack;
import io.cinemesh.stream.transcode.service.SubtitleTracks;
import io.cinemesh.stream.transcode.service.TranscodeJobs;
import io.cinemesh.stream.transcode.service.TranscodeSessions;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.tokens.PublicEndpoint;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The universal transcoder for video and music: {@code decision}, {@code start.m3u8} (master playlist) →
 * {@code session/{id}/base/index.m3u8} → {@code session/{id}/base/{n}.ts} (and, for a text subtitle the client
 * shows, {@code session/{id}/subtitles/index.m3u8} → {@code …/{n}.vtt}), plus {@code ping} and {@code stop}.
 * The session id is in every URL the playlists hand out, so a mesh can hash on it; the playlists are computed
 * from the duration and the fixed segment length (a video copy: from the key-frame cuts kept in the session), and
 * any replica can make any segment.
 */
@Path("/{kind: video|audio|music}/:/transcode/universal")
public class UniversalTranscodeResource {

    static final String M3U8 = "application/vnd.apple.mpegurl";

    @Inject
    CurrentCaller caller;
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
    EventOutbox outbox;
    @Inject
    io.vertx.mutiny.core.Vertx vertx;
    @jakarta.ws.rs.core.Context
    HttpServerRequest request;
    @jakarta.ws.rs.core.Context
    HttpHeaders headers;

    @ConfigProperty(name = "cinemesh.transcode.segment-seconds", defaultValue = "4")
    int segmentSeconds;

    /** {@code part} as heard through the caller's audio choice; {@code audioIndex} that track's index, or null. */
    private record Chosen(PartInfo part, Decision decision, Context stream, Map<String, Object> item,
            Integer audioIndex) {
    }

    @GET
    @Path("/decision")
    public Uni<MediaContainer> decision(@PathParam("kind") String kind) {
        Caller me = caller.get();
        return choose(me, kind, "decision").map(c -> {
            Decision d = c.decision;
            MediaContainer mc = new MediaContainer().attr("allowSync", true)
                    .attr("generalDecisionCode", d.generalCode()).attr("generalDecisionText", d.generalText())
                    .attr("directPlayDecisionCode", d.directPlayCode())
                    .attr("directPlayDecisionText", d.directPlayText())
                    .attr("transcodeDecisionCode", d.transcodeCode()).attr("transcodeDecisionText", d.transcodeText());
            PlexElement item = PlexElement.metadata(c.part.hasVideo() ? "Video" : "Track");
            c.item.forEach((k, v) -> item.attr(k, v));
            item.attr("ratingKey", c.part.ratingKey()).attr("key", "/library/metadata/" + c.part.ratingKey());
            String ext = c.part.container() == null ? "bin" : c.part.container();
            PlexElement media = PlexElement.of("Media").attr("selected", true)
                    .attr("protocol", d.directPlay() ? "http" : "hls")
                    .attr("container", d.directPlay() ? c.part.container() : "mpegts")
                    .attr("videoCodec", c.part.hasVideo() ? ("transcode".equals(d.videoDecision()) ? "h264"
                            : c.part.videoCodec()) : null)
                    .attr("audioCodec", "copy".equals(d.audioDecision()) ? c.part.audioCodec() : "aac")
                    .attr("width", d.width()).attr("height", d.height()).attr("bitrate", d.videoBitrateKbps())
                    .attr("duration", c.part.durationMs());
            PlexElement part = PlexElement.of("Part").attr("id", c.part.partId()).attr("selected", true)
                    .attr("decision", d.directPlay() ? "directplay" : d.unplayable() ? "none" : "transcode")
                    .attr("container", d.directPlay() ? c.part.container() : "mpegts")
                    .attr("duration", c.part.durationMs())
                    .attr("key", d.directPlay() ? "/library/parts/" + c.part.partId() + "/0/file." + ext : null);
            for (PartInfo.StreamInfo s : c.part.streams()) {
                if (s.streamType() == 3) {
                    continue;
                }
                String sd = s.streamType() == 1 ? d.videoDecision() : d.audioDecision();
                part.add(PlexElement.of("Stream").attr("streamType", s.streamType()).attr("codec", s.codec())
                        .attr("index", s.index()).attr("selected", true)
                        .attr("decision", d.directPlay() ? "copy" : sd).attr("location", "direct"));
            }
            SubtitleTrack sub = d.subtitle();
            if (sub != null) {
                // what the client receives: the original beside a file it plays or drawn into the video, else WebVTT
                String format = d.burnsSubtitles() || d.directPlay() ? sub.codec() : "webvtt";
                part.add(PlexElement.of("Stream").attr("id", sub.id()).attr("streamType", 3)
                        .attr("codec", format).attr("format", format)
                        .attr("index", sub.index()).attr("languageCode", sub.language()).attr("selected", true)
                        .attr("key", sub.sidecar() ? "/library/streams/" + sub.id() : null)
                        .attr("decision", d.subtitleDecision()).attr("location", d.subtitleLocation()));
            }
            return mc.add(item.add(media.add(part)));
        });
    }

    @GET
    @Path("/start.m3u8")
    public Uni<Response> start(@PathParam("kind") String kind, @QueryParam("offset") String offsetParam,
            @QueryParam("session") String clientSession) {
        Caller me = caller.get();
        double offset = offsetSeconds(offsetParam);
        String clientId = PlexHeaders.of(request, "X-Plex-Client-Identifier");
        String from = ClientAddress.of(headers, request);
        return choose(me, kind, "start").flatMap(c -> {
            Decision d = c.decision;
            if (d.unplayable()) {
                throw new BadRequestException(d.generalText() + " " + d.transcodeText());
            }
            if (c.part.durationMs() == null || c.part.durationMs() <= 0) {
                throw new BadRequestException("This media has no known duration, so it cannot be streamed as HLS");
            }
            if (offset * 1000 >= c.part.durationMs()) {
                throw new BadRequestException("offset is past the end of the media");
            }
            TranscodeSessionRecord r = new TranscodeSessionRecord();
            r.id = UUID.randomUUID().toString();
            r.userId = me.userId();
            r.userName = me.name();
            r.tokenId = me.tokenId();
            r.tokenIssuedAt = me.issuedAt();
            r.ratingKey = c.part.ratingKey();
            r.partId = c.part.partId();
            r.file = c.part.file();
            r.kind = isMusic(kind) || !c.part.hasVideo() ? "music" : "video";
            r.decision = d.mode();
            r.videoDecision = "music".equals(r.kind) ? null : d.videoDecision();
            r.audioDecision = d.audioDecision();
            r.sourceContainer = c.part.container();
            r.sourceVideoCodec = c.part.videoCodec();
            r.sourceAudioCodec = c.part.audioCodec();
            r.width = d.width();
            r.height = d.height();
            r.videoBitrateKbps = d.videoBitrateKbps();
            r.audioBitrateKbps = d.audioBitrateKbps() > 0 ? d.audioBitrateKbps() : 128;
            r.audioChannels = d.audioChannels();
            r.durationMs = c.part.durationMs();
            r.offsetMs = Math.round(offset * 1000);
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
            r.clientIdentifier = clientId;
            r.clientSession = clientSession == null || clientSession.isBlank() ? null : clientSession;
            r.createdAt = OffsetDateTime.now();
            r.lastSeenAt = r.createdAt;
            Span span = traces.child(c.stream, "transcode.start");
            span.setAttribute("cinemesh.transcode_session", r.id);
            span.setAttribute("cinemesh.decision", r.decision);
            span.end();
            // A video copy is cut on the file's key frames (read once per file, off the event loop).
            Uni<TranscodeSessionRecord> ready = !"copy".equals(r.videoDecision) ? Uni.createFrom().item(r)
                    : vertx.executeBlocking(Uni.createFrom().item(() -> {
                        r.segmentEndsMs = cuts.ends(r.file, r.durationMs, r.segmentSeconds);
                        return r;
                    }));
            return sessions.stopEarlier(r).chain(() -> ready).chain(() -> Panache.withTransaction(() -> r.persist().chain(() -> outbox.stage(Topics.AUDIT,
                    AuditEvents.record(PlaybackService.SOURCE, Long.toString(me.userId()), me.name(),
                            "transcode.start", "item:" + r.ratingKey, from, "success",
                            Span.current().getSpanContext().getTraceId())))))
                    // Start producing at once, so the first segment is (nearly) ready when asked for; off the
                    // event loop, and back on it for the database should it fail.
                    .chain(() -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                        jobs.prepare(r, r.segmentAt(r.offsetMs), c.stream);
                        return r;
                    })))
                    .onFailure().call(e -> sessions.stop(r.id))
                    .map(ok -> Response.ok(master(r)).type(M3U8).header("X-Plex-Transcode-Session", r.id).build());
        });
    }

    @GET
    @Path("/session/{sessionId}/base/index.m3u8")
    @PublicEndpoint
    public Uni<Response> index(@PathParam("sessionId") String sessionId) {
        return session(sessionId).call(r -> sessions.touch(r.id))
                .map(r -> Response.ok(index(r)).type(M3U8).build());
    }

    /** A segment. Public: the unguessable session id in the URL is the capability, as the player got it. */
    @GET
    @Path("/session/{sessionId}/base/{segment: \\d+}.ts")
    @PublicEndpoint
    public Uni<Response> segment(@PathParam("sessionId") String sessionId, @PathParam("segment") int n) {
        return session(sessionId).call(r -> sessions.touch(r.id)).flatMap(r -> {
            if (n >= r.segmentCount()) {
                throw new NotFoundException("Segment " + n + " is past the end of this media");
            }
            return traces.stream(r.streamKey(), Map.of("cinemesh.user", Long.toString(r.userId), "cinemesh.item",
                    r.ratingKey)).emitOn(Infrastructure.getDefaultWorkerPool()).map(stream -> {
                        Span span = traces.child(stream, "segment " + n);
                        try {
                            span.setAttribute("cinemesh.transcode_session", r.id);
                            span.setAttribute("cinemesh.user", r.userId);
                            span.setAttribute("cinemesh.item", r.ratingKey);
                            span.setAttribute("cinemesh.decision", r.decision);
                            span.setAttribute("cinemesh.segment", n);
                            java.nio.file.Path file = jobs.segment(r, n, stream);
                            long size = Files.size(file);
                            span.setAttribute("cinemesh.bytes", size);
                            metrics.bytesServed("segment", size);
                            return Response.ok(FileBody.segment(file, size)).type("video/mp2t").build();
                        } catch (java.io.IOException e) {
                            throw new jakarta.ws.rs.ServiceUnavailableException("The segment went away; ask again");
                        } catch (RuntimeException e) {
                            span.recordException(e);
                            throw e;
                        } finally {
                            span.end();
                        }
                    });
        });
    }

    /** The WebVTT rendition's playlist: the same boundaries as the video's. */
    @GET
    @Path("/session/{sessionId}/subtitles/index.m3u8")
    @PublicEndpoint
    public Uni<Response> subtitleIndex(@PathParam("sessionId") String sessionId) {
        return subtitled(sessionId).map(r -> Response.ok(SegmentPlaylist.vod(r, "vtt", false)).type(M3U8).build());
    }

    /** The cues shown during video segment {@code n}, as WebVTT; public like the video segments. */
    @GET
    @Path("/session/{sessionId}/subtitles/{segment: \\d+}.vtt")
    @PublicEndpoint
    public Uni<Response> subtitleSegment(@PathParam("sessionId") String sessionId, @PathParam("segment") int n) {
        return subtitled(sessionId).emitOn(Infrastructure.getDefaultWorkerPool()).map(r -> {
            if (n >= r.segmentCount()) {
                throw new NotFoundException("Segment " + n + " is past the end of this media");
            }
            return Response.ok(subtitleTracks.segment(r, n)).type("text/vtt; charset=utf-8").build();
        });
    }

    private Uni<TranscodeSessionRecord> subtitled(String sessionId) {
        return session(sessionId).call(r -> sessions.touch(r.id)).map(r -> {
            if (!"transcode".equals(r.subtitleDecision)) {
                throw new NotFoundException("This transcode session has no subtitle rendition");
            }
            return r;
        });
    }

    @GET
    @Path("/ping")
    public Uni<MediaContainer> ping(@QueryParam("session") String session) {
        Caller me = caller.get();
        return mine(session, me).call(r -> sessions.touch(r.id)).invoke(r -> jobs.job(r.id)
                .ifPresent(j -> j.request(j.requested()))).replaceWith(new MediaContainer());
    }

    @GET
    @Path("/stop")
    public Uni<MediaContainer> stop(@QueryParam("session") String session) {
        Caller me = caller.get();
        return mine(session, me).call(r -> sessions.stop(r.id)).replaceWith(new MediaContainer());
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

    private Uni<TranscodeSessionRecord> session(String id) {
        if (id == null || !id.matches("[0-9a-f-]{36}")) {
            throw new NotFoundException("No such transcode session");
        }
        return sessions.find(id).map(r -> {
            if (r == null) {
                throw new NotFoundException("No such transcode session (it was stopped or expired)");
            }
            return r;
        });
    }

    /**
     * Picks the part (path, mediaIndex, partIndex), asks library-service as the caller, and decides from the
     * client's profile, limits and subtitle choice.
     */
    private Uni<Chosen> choose(Caller me, String kind, String what) {
        String path = request.getParam("path");
        String rk = ratingKey(path);
        int mediaIndex = index("mediaIndex", request.getParam("mediaIndex"));
        int partIndex = index("partIndex", request.getParam("partIndex"));
        Decision.Limits limits = limits();
        String platform = PlexHeaders.of(request, "X-Plex-Client-Platform");
        ClientProfile profile = ClientProfile.forPlatform(platform != null ? platform
                : PlexHeaders.of(request, "X-Plex-Platform"))
                .augment(PlexHeaders.of(request, "X-Plex-Client-Profile-Extra"));
        String subtitleMode = subtitleMode();
        Long subtitleParam = subtitleStreamId();
        String token = PlexHeaders.token(request);
        String clientId = PlexHeaders.of(request, "X-Plex-Client-Identifier");
        // Only the decision shows the item's attributes; start.m3u8 need not wait for a second lookup.
        boolean describe = "decision".equals(what);
        return library.itemParts(me, token, rk)
                .flatMap(parts -> (describe ? library.itemAttributes(token, rk).onFailure()
                        .recoverWithItem(Map.<String, Object>of()) : Uni.createFrom().item(Map.<String, Object>of()))
                        .map(item -> Map.entry(parts, item)))
                .flatMap(e -> {
                    List<PartInfo> parts = e.getKey();
                    if (parts.isEmpty()) {
                        throw new NotFoundException("This item has no playable media");
                    }
                    int i = Math.min(parts.size() - 1, Math.max(mediaIndex, partIndex));
                    PartInfo stored = parts.get(i);
                    // Without subtitleStreamID the caller's saved choice (PUT /library/parts/{id}) applies; 0 is none.
                    Long subtitleId = subtitleParam == null ? stored.selectedSubtitle()
                            : subtitleParam == 0 ? null : subtitleParam;
                    SubtitleTrack subtitle = subtitleId == null ? null : SubtitleTrack.of(stored, subtitleId);
                    PartInfo.StreamInfo audio = stored.chosenAudio();
                    PartInfo part = audio == null ? stored : stored.withAudio(audio);
                    return traces.stream(StreamTraces.key(me.userId(), rk, clientId), Map.of("cinemesh.user",
                            Long.toString(me.userId()), "cinemesh.item", rk, "cinemesh.client",
                            String.valueOf(clientId))).map(stream -> {
                                Span span = traces.child(stream, "transcode.decision");
                                boolean music = isMusic(kind);
                                // start.m3u8 always answers with HLS: the best it can do is a remux.
                                Decision d = Decision.decide(part, "start".equals(what) ? limits.streaming() : limits,
                                        profile, subtitle, subtitleMode, music);
                                span.setAttribute("cinemesh.user", me.userId());
                                span.setAttribute("cinemesh.item", rk);
                                span.setAttribute("cinemesh.client", String.valueOf(clientId));
                                span.setAttribute("cinemesh.decision", d.mode());
                                span.setAttribute("cinemesh.profile", profile.name());
                                span.setAttribute("cinemesh.video_codec", String.valueOf(part.videoCodec()));
                                span.setAttribute("cinemesh.audio_codec", String.valueOf(part.audioCodec()));
                                if (d.subtitleDecision() != null) {
                                    span.setAttribute("cinemesh.subtitle_decision", d.subtitleDecision());
                                }
                                if (d.videoBitrateKbps() != null) {
                                    span.setAttribute("cinemesh.bitrate_kbps", d.videoBitrateKbps());
                                }
                                span.end();
                                return new Chosen(part, d, stream, e.getValue(), audio == null ? null
                                        : audio.index());
                            });
                });
    }

    /** PMS's {@code subtitles}: sidecar, embedded and segmented all mean "show it beside the video" here. */
    private String subtitleMode() {
        String v = request.getParam("subtitles");
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
    private Long subtitleStreamId() {
        String v = request.getParam("subtitleStreamID");
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

    private Decision.Limits limits() {
        Integer maxW = null;
        Integer maxH = null;
        String res = request.getParam("videoResolution");
        if (res != null && !res.isBlank()) {
            String[] wh = res.toLowerCase().split("x");
            try {
                maxW = Integer.parseInt(wh[0].trim());
                maxH = Integer.parseInt(wh[1].trim());
            } catch (RuntimeException e) {
                throw new BadRequestException("videoResolution must look like 1280x720, not '" + res + "'");
            }
        }
        return new Decision.Limits(!"0".equals(request.getParam("directPlay")),
                !"0".equals(request.getParam("directStream")), !"0".equals(request.getParam("directStreamAudio")),
                positive("maxVideoBitrate"), maxW, maxH, positive("audioChannelCount"), positive("musicBitrate"));
    }

    private Integer positive(String name) {
        String v = request.getParam(name);
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

    private String master(TranscodeSessionRecord r) {
        long bandwidth = 1000L * ((r.videoBitrateKbps == null ? 0 : r.videoBitrateKbps) + r.audioBitrateKbps);
        StringBuilder b = new StringBuilder("#EXTM3U\n");
        boolean rendition = "transcode".equals(r.subtitleDecision);
        if (rendition) {
            String lang = r.subtitleLanguage == null || r.subtitleLanguage.isBlank() ? "und"
                    : r.subtitleLanguage.replaceAll("[^A-Za-z-]", "");
            b.append("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"").append(lang)
                    .append("\",LANGUAGE=\"").append(lang).append("\",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,URI=\"")
                    .append("session/").append(r.id).append("/subtitles/index.m3u8\"\n");
        }
        b.append("#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=").append(bandwidth);
        if (r.width != null && r.height != null && !"music".equals(r.kind)) {
            b.append(",RESOLUTION=").append(r.width).append('x').append(r.height);
        }
        if (rendition) {
            b.append(",SUBTITLES=\"subs\"");
        }
        return b.append('\n').append("session/").append(r.id).append("/base/index.m3u8\n").toString();
    }

    /** The whole media as fixed-length segments (VOD), starting playback at the asked offset. */
    static String index(TranscodeSessionRecord r) {
        return SegmentPlaylist.vod(r, "ts", true);
    }

    private static boolean isMusic(String kind) {
        return "audio".equals(kind) || "music".equals(kind);
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

    private static int index(String name, String v) {
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

    private static double offsetSeconds(String v) {
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
