package io.cinemesh.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Key rotation and expiry; the current secret itself stays {@code cinemesh.token.secret}
 * ({@code CINEMESH_TOKEN_SECRET}) so that existing deployments need no change.
 */
@ConfigMapping(prefix = "cinemesh.tokens")
public interface TokenKeysConfig {

    /** The id new tokens carry for the current secret ({@code CINEMESH_TOKENS_KEY_ID}). */
    @WithDefault(TokenCodec.DEFAULT_KEY_ID)
    String keyId();

    /**
     * Keys that still verify, for a grace period after a rotation: {@code <id>:<base64 secret>} with an optional
     * {@code @<ISO instant>} after which they stop ({@code CINEMESH_TOKENS_PREVIOUS_KEYS}, comma-separated).
     */
    Optional<List<String>> previousKeys();

    /** Tokens older than this are refused (sign in again). Off by default, as in Plex: tokens last until revoked. */
    Optional<Duration> maxAge();
}
