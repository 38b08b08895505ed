package io.cinemesh.users.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How sign-ins and PIN checks are throttled and how many password hashes run at once. */
@ConfigMapping(prefix = "cinemesh.signin")
public interface SigninConfig {

    /** Failures counted against one account within {@link #window()} before it is blocked for strangers. */
    @WithDefault("5")
    int maxFailuresPerAccount();

    /** Failures counted from one client address within {@link #window()} before the address is blocked. */
    @WithDefault("20")
    int maxFailuresPerAddress();

    /** How long a failure counts. */
    @WithDefault("PT15M")
    Duration window();

    /** The first block; doubled for every further failure. */
    @WithDefault("PT30S")
    Duration lockout();

    /** The longest block. */
    @WithDefault("PT15M")
    Duration maxLockout();

    /** Password or PIN hashes computed at once (each costs about a third of a CPU second). */
    @WithDefault("4")
    int concurrentChecks();

    /** Checks that may wait for a turn; beyond them a sign-in is turned away with 503 at once. */
    @WithDefault("16")
    int queuedChecks();
}
