package io.cinemesh.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The notification sockets ({@code /:/websockets/notifications}, {@code /:/eventsource/notifications}). */
@ConfigMapping(prefix = "cinemesh.notifications")
public interface NotificationsConfig {

    /** How often an idle socket gets a ping, so proxies keep it open. */
    @WithDefault("30000")
    long pingIntervalMs();

    /** Messages one client may have waiting; a client slower than that is disconnected (close code 1013). */
    @WithDefault("256")
    int maxQueued();

    /** Connections one account may hold open on a replica (both transports); one more gets 429. */
    @WithDefault("10")
    int maxPerUser();

    /** How often readiness asks whether Kafka, which feeds the sockets, is there. */
    @WithDefault("10000")
    long kafkaCheckMs();
}
