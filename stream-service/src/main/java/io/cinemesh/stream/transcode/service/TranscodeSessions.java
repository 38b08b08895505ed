package io.cinemesh.stream.transcode.service;

import io.cinemesh.events.AccessChanges;
import io.cinemesh.stream.config.ScheduledWork;
import io.cinemesh.stream.config.TranscodeConfig;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Transcode sessions in PostgreSQL, so any replica can serve any session. Rows are cached here for a few seconds
 * (a player asks for a segment every few seconds), and {@code last_seen_at} is written in batches every few seconds
 * per replica, never on a request's path. A session stopped anywhere ends its ffmpeg on every replica within one
 * sweep. While PostgreSQL is away a playing stream goes on from the cached row: no segment needs the database.
 */
@ApplicationScoped
public class TranscodeSessions {

    private static final Logger LOG = Logger.getLogger(TranscodeSessions.class);
    private static final long CACHE_MS = 5_000;

    @Inject
    TranscodeJobs jobs;
    @Inject
    ScheduledWork work;
    @Inject
    TranscodeConfig transcode;

    private record Cached(TranscodeSessionRecord record, long until) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Sessions used since the last flush of {@code last_seen_at}. */
    private final Set<String> touched = ConcurrentHashMap.newKeySet();

    public Uni<TranscodeSessionRecord> find(String id) {
        Cached c = cache.get(id);
        if (c != null && c.until > System.currentTimeMillis()) {
            return Uni.createFrom().item(outlived(c.record) ? null : c.record);
        }
        return Panache.withSession(() -> TranscodeSessionRecord.<TranscodeSessionRecord>findById(id))
                .invoke(r -> {
                    if (r != null) {
                        cache.put(id, new Cached(r, System.currentTimeMillis() + CACHE_MS));
                    } else {
                        cache.remove(id);
                    }
                })
                .map(r -> r == null || outlived(r) ? null : r)
                .onFailure().recoverWithUni(e -> {
                    // The row of a session that was playing here does not change: keep playing without PostgreSQL.
                    Cached stale = cache.get(id);
                    if (stale == null) {
                        return Uni.createFrom().failure(e);
                    }
                    LOG.debugf("Transcode session %s from this replica's copy: %s", id, e.getMessage());
                    return Uni.createFrom().item(outlived(stale.record) ? null : stale.record);
                });
    }

    /** Past its absolute lifetime: answered as gone at once; the sweep deletes it and ends its ffmpeg. */
    private boolean outlived(TranscodeSessionRecord r) {
        return r.createdAt.plus(transcode.maxSessionLifetime()).isBefore(OffsetDateTime.now());
    }

    /** A session by our id or by the client's own name for it, for the caller's user. */
    public Uni<TranscodeSessionRecord> findForClient(String idOrClientSession, long userId, boolean owner) {
        return Panache.withSession(() -> TranscodeSessionRecord.<TranscodeSessionRecord>find(
                "(id = ?1 or clientSession = ?1)" + (owner ? "" : " and userId = ?2"),
                owner ? new Object[] {idOrClientSession} : new Object[] {idOrClientSession, userId}).firstResult());
    }

    public Uni<Void> create(TranscodeSessionRecord r) {
        return Panache.withTransaction(() -> r.persist()).invoke(
                () -> cache.put(r.id, new Cached(r, System.currentTimeMillis() + CACHE_MS))).replaceWithVoid();
    }

    /** Marks the session as in use (segments, playlist, ping); written with the next {@link #flushTouches}. */
    public Uni<Void> touch(String id) {
        touched.add(id);
        return Uni.createFrom().voidItem();
    }

    /** One update for every session used since the last flush; when PostgreSQL is away, the next flush retries. */
    @Scheduled(every = "${cinemesh.transcode.touch-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> flushTouches() {
        return work.run(this::flush);
    }

    private Uni<Void> flush() {
        if (touched.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = List.copyOf(touched);
        touched.removeAll(ids);
        return Panache.withTransaction(() -> TranscodeSessionRecord.update("lastSeenAt = ?1 where id in ?2",
                OffsetDateTime.now(), ids)).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    touched.addAll(ids);
                    LOG.warnf("Could not record that %d transcode sessions are in use (retried): %s", ids.size(),
                            e.getMessage());
                    return null;
                });
    }

    public Uni<Boolean> stop(String id) {
        cache.remove(id);
        touched.remove(id);
        stopLocally(id);
        // One statement, no entity load, remove and flush (see PlaybackService.end).
        return Panache.withTransaction(() -> TranscodeSessionRecord.delete("id", id)).map(deleted -> deleted > 0);
    }

    /**
     * {@code user.events} (UserAccessFeed): a user's shares or rating limit changed, or the user is gone. Segment
     * URLs carry no token to check again, so that user's transcodes end on every replica (each hears the event); a
     * player that may still watch starts again through {@code start.m3u8}, which checks access afresh. A changed
     * name or PIN leaves them playing.
     */
    public Uni<Void> onAccessChange(String json) {
        var user = AccessChanges.userWhoseSharesChanged(json);
        if (user.isEmpty()) {
            return AccessChanges.revokedBy(json).map(this::onRevocation).orElseGet(() -> Uni.createFrom().voidItem());
        }
        long userId = user.getAsLong();
        cache.values().removeIf(c -> c.record.userId == userId);
        return list(userId, false).invoke(sessions -> sessions.forEach(r -> LOG.infof(
                "Ending transcode session %s: the shares of user %d changed", r.id, userId)))
                .chain(this::stopAll)
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Could not end the transcodes of user %d after a change of shares: %s", userId,
                            e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * A token revoked (or all of a user's tokens, after a new password): the sessions it started end on every
     * replica, since their segment URLs would otherwise keep playing without it.
     */
    private Uni<Void> onRevocation(AccessChanges.Revoked revoked) {
        long userId = revoked.userId();
        return list(userId, false)
                .map(all -> all.stream().filter(r -> revoked.covers(r.tokenId, r.tokenIssuedAt)).toList())
                .invoke(sessions -> sessions.forEach(r -> {
                    LOG.infof("Ending transcode session %s: the token of user %d that started it was revoked", r.id,
                            userId);
                    cache.remove(r.id);
                }))
                .chain(this::stopAll)
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Could not end the transcodes of user %d after a revocation: %s", userId,
                            e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Stops the transcodes of one playback (user, item, client), e.g. when the owner terminates it. */
    public Uni<Void> stopFor(long userId, String ratingKey, String clientIdentifier) {
        return Panache.withSession(() -> TranscodeSessionRecord.<TranscodeSessionRecord>list(
                "userId = ?1 and ratingKey = ?2 and clientIdentifier = ?3", userId, ratingKey, clientIdentifier))
                .flatMap(this::stopAll);
    }

    /**
     * A player starting its own session again (same user, device and {@code session=}) ends the earlier one, on
     * every replica, as PMS does; its job here ends at once (TranscodeAdmission), elsewhere within a sweep.
     */
    public Uni<Void> stopEarlier(TranscodeSessionRecord r) {
        if (r.clientSession == null || r.clientIdentifier == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> TranscodeSessionRecord.<TranscodeSessionRecord>list(
                "userId = ?1 and clientIdentifier = ?2 and clientSession = ?3 and id <> ?4", r.userId,
                r.clientIdentifier, r.clientSession, r.id)).flatMap(this::stopAll);
    }

    private Uni<Void> stopAll(List<TranscodeSessionRecord> sessions) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (TranscodeSessionRecord r : sessions) {
            all = all.chain(() -> stop(r.id).replaceWithVoid());
        }
        return all;
    }

    public Uni<List<TranscodeSessionRecord>> list(long userId, boolean owner) {
        return Panache.withSession(() -> owner ? TranscodeSessionRecord.<TranscodeSessionRecord>listAll()
                : TranscodeSessionRecord.<TranscodeSessionRecord>list("userId", userId));
    }

    /**
     * Every replica: forget sessions nobody used for the TTL or past their absolute lifetime, and end local ffmpeg
     * jobs whose session was stopped (or forgotten) on another replica.
     */
    @Scheduled(every = "${cinemesh.transcode.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return work.run(this::sweepOnce);
    }

    private Uni<Void> sweepOnce() {
        OffsetDateTime now = OffsetDateTime.now();
        OffsetDateTime cutoff = now.minus(transcode.sessionTtl());
        long forgetBefore = System.currentTimeMillis() - transcode.sessionTtl().toMillis();
        cache.values().removeIf(c -> c.until < forgetBefore);
        Set<String> local = jobs.local().stream().map(j -> j.session.id).collect(Collectors.toSet());
        return Panache.withTransaction(() -> TranscodeSessionRecord.delete("lastSeenAt < ?1 or createdAt < ?2",
                        cutoff, now.minus(transcode.maxSessionLifetime())))
                .chain(() -> local.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : Panache.withSession(() -> TranscodeSessionRecord.<TranscodeSessionRecord>list("id in ?1",
                                local)).map(rows -> rows.stream().map(r -> r.id).toList()))
                .invoke(alive -> local.stream().filter(id -> !alive.contains(id)).forEach(id -> {
                    LOG.infof("Transcode session %s was stopped elsewhere: ending its ffmpeg here", id);
                    cache.remove(id);
                    stopLocally(id);
                }))
                .onFailure().invoke(e -> LOG.warnf("Transcode sweep failed this round: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Killing ffmpeg and deleting its files blocks: never on the event loop. */
    private void stopLocally(String id) {
        io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool().execute(() -> jobs.stop(id));
    }
}
