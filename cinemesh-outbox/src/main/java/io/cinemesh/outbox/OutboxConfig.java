package io.cinemesh.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox relay delivers staged events to Kafka ({@code cinemesh.outbox.*}). */
@ConfigMapping(prefix = "cinemesh.outbox")
public interface OutboxConfig {

    /** How often the relay looks for staged events. */
    @WithDefault("1s")
    String interval();

    /** Events one relay run takes (and leases) at most. */
    @WithDefault("200")
    int batchSize();

    /** How long a taken batch is this replica's; after it, another replica may send it again. */
    @WithDefault("PT30S")
    Duration lease();

    /** How long Kafka may be away before readiness adds {@code alert: true} for operators. */
    @WithDefault("PT15M")
    Duration maxOutage();
}
