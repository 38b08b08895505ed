package io.cinemesh.events;

/** The Kafka topics of DESIGN.md, with the key each is partitioned by. */
public final class Topics {

    /** Key: item id. Item added/updated/removed, scan started/finished. */
    public static final String LIBRARY = "library.events";
    /** Key: stream session id. Started, progress, paused, stopped, watched. */
    public static final String PLAYBACK = "playback.events";
    /** Key: user id. User or share changed, token revoked. */
    public static final String USER = "user.events";
    /** Key: actor id. Every state-changing action of every service. */
    public static final String AUDIT = "audit.events";

    /**
     * Where a consumer puts a record it could not store after its retries ({@code <topic>.dlq}, SmallRye's
     * dead-letter-queue strategy), for an operator to see and replay (docs/operations.md).
     */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
