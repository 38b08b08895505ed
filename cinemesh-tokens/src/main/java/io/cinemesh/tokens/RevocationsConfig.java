package io.cinemesh.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service keeps its list of revoked tokens current ({@code cinemesh.revocations.*}). */
@ConfigMapping(prefix = "cinemesh.revocations")
public interface RevocationsConfig {

    /** Until the first load works, it is tried again this often. */
    @WithDefault("PT2S")
    Duration retry();

    /** After it works, the whole list is loaded again this often (events carry the changes between). */
    @WithDefault("PT60S")
    Duration refresh();

    /** With no list for this long after start, readiness turns down. */
    @WithDefault("PT1M")
    Duration maxStale();
}
