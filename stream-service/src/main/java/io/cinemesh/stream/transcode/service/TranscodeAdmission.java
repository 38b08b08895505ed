package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.config.TranscodeConfig;
import io.cinemesh.stream.transcode.repository.TranscodeSessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Whether one more transcode may start on this replica: at most {@code max-concurrent} in all and
 * {@code max-per-user} for one account (direct streams, which copy the video, are not counted), so one account
 * cannot take every transcode slot. A player that starts its own session again (same account, client
 * identifier and {@code session=}, as Plex players do when they restart playback) is not refused for the job it
 * is replacing: that job is ended, as PMS does. Over a limit the answer is at once (no queue): 429 for the
 * account's limit, 503 for the server's, both with Retry-After.
 * The caller admits and adds the new job under one lock, so two starts cannot both take the last place.
 */
@ApplicationScoped
public class TranscodeAdmission {

    /** A viewer's own other stream rarely ends within seconds; the server's slots free up sooner. */
    static final int USER_RETRY_SECONDS = 30;
    static final int SERVER_RETRY_SECONDS = 10;

    @Inject
    TranscodeConfig transcode;

    /**
     * Admits a job for {@code s} among {@code running} (this replica's jobs, other than one of {@code s} itself),
     * or throws. Returns the jobs the new one replaces, which the caller ends.
     */
    List<TranscodeJob> admit(TranscodeSessionRecord s, Collection<TranscodeJob> running) {
        List<TranscodeJob> others = running.stream().filter(TranscodeJob::alive)
                .filter(j -> !j.session.id.equals(s.id)).toList();
        List<TranscodeJob> replaced = others.stream().filter(j -> samePlayerSession(j.session, s)).toList();
        if (!transcodes(s)) {
            return replaced;
        }
        List<TranscodeJob> alive = others.stream().filter(j -> transcodes(j.session) && !replaced.contains(j))
                .toList();
        long users = alive.stream().filter(j -> j.session.userId == s.userId).count();
        if (users >= transcode.maxPerUser()) {
            throw refused(429, USER_RETRY_SECONDS, "You are already watching " + transcode.maxPerUser()
                    + " transcoded streams, the most one account may; stop one, or play the original quality");
        }
        if (alive.size() >= transcode.maxConcurrent()) {
            throw refused(503, SERVER_RETRY_SECONDS, "This server is already running its limit of "
                    + transcode.maxConcurrent() + " transcodes; try again later or play the original quality");
        }
        return replaced;
    }

    /**
     * Whether a session's job encodes video (or music): a direct stream copies the video, costs little CPU, and is
     * not held to the limits, as Plex's transcoder limit counts video transcodes only.
     */
    static boolean transcodes(TranscodeSessionRecord s) {
        return !"copy".equals(s.videoDecision);
    }

    /** The same player's playback session: account, device and the player's own session id all match. */
    static boolean samePlayerSession(TranscodeSessionRecord a, TranscodeSessionRecord b) {
        return a.userId == b.userId && a.clientSession != null && a.clientIdentifier != null
                && a.clientSession.equals(b.clientSession) && Objects.equals(a.clientIdentifier, b.clientIdentifier);
    }

    private static WebApplicationException refused(int status, int retryAfter, String message) {
        return new WebApplicationException(message, Response.status(status)
                .header("Retry-After", Integer.toString(retryAfter)).build());
    }
}
