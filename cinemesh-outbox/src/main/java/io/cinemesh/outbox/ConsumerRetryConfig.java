package io.cinemesh.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a consumer retries a store before the record goes to its dead-letter topic. */
@ConfigMapping(prefix = "cinemesh.consumers.retry")
public interface ConsumerRetryConfig {

    @WithDefault("8")
    long attempts();

    /** The first wait; it doubles up to {@link #maxBackoff()}. */
    @WithDefault("PT0.5S")
    Duration backoff();

    @WithDefault("PT5S")
    Duration maxBackoff();
}
