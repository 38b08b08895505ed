package io.cinemesh.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Which web pages may read the gateway's answers from a browser (CORS). */
@ConfigMapping(prefix = "cinemesh.cors")
public interface CorsConfig {

    /**
     * Origins allowed besides the server's own (which always is), e.g. {@code https://app.plex.tv}. Never
     * {@code *}: with networks allowed without a token, any page could then act as the owner.
     */
    @WithDefault("https://app.plex.tv")
    List<String> origins();
}
