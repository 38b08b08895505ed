package io.cinemesh.stream.session.service;

import io.cinemesh.events.EventTypes;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.stream.session.repository.StreamSession;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.cinemesh.stream.transcode.service.TranscodeSessions;
import io.cinemesh.tokens.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.UUID;

/** Who is playing what on every replica ({@code /status/sessions}), and the owner stopping a playback. */
@ApplicationScoped
public class ActiveStreamsService {

    @Inject
    PlaybackService playback;
    @Inject
    TranscodeSessions transcodes;
    @Inject
    AuditTrail audit;

    /** Every playback for the owner, the caller's own for anyone else, in session-key order. */
    public Uni<ActiveStreams> visibleTo(Caller me) {
        Uni<List<StreamSession>> sessions = me.isOwner()
                ? Panache.withSession(() -> StreamSession.<StreamSession>listAll(Sort.by("sessionKey")))
                : Panache.withSession(() -> StreamSession.<StreamSession>list("userId", Sort.by("sessionKey"),
                        me.userId()));
        return sessions.flatMap(list -> Panache.withSession(() -> TranscodeSessionRecord
                .<TranscodeSessionRecord>listAll()).map(tx -> new ActiveStreams(list, tx)));
    }

    /** Only the owner stops playback; a 403 before anything else is looked at. */
    public void checkMayTerminate(Caller me) {
        if (!me.isOwner()) {
            throw new ForbiddenException("Only the server owner can stop other people's playback");
        }
    }

    /** Ends a playback: clients hear it stopped, the audit log says who did it, its transcode stops everywhere. */
    public Uni<Void> terminate(Caller me, UUID id, String reason, String from) {
        checkMayTerminate(me);
        String target = "session:" + id + (reason == null ? "" : " (" + reason.replaceAll("[\\r\\n]", " ") + ")");
        return Panache.withTransaction(() -> StreamSession.<StreamSession>findById(id).flatMap(s -> {
            if (s == null) {
                throw new NotFoundException("No such session");
            }
            return playback.publish(EventTypes.PLAYBACK_STOPPED, s)
                    .chain(() -> audit.record(me, "session.terminate", target, from, AuditTrail.SUCCESS))
                    .chain(() -> PlaybackService.end(s))
                    .replaceWith(s);
        })).flatMap(s -> transcodes.stopFor(s.userId, s.ratingKey, s.clientIdentifier));
    }
}
