package io.cinemesh.stream.media;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Plex paths have a literal {@code /:/} ({@code /:/timeline}, {@code /video/:/transcode/…}); some HTTP clients
 * percent-encode that colon. Both spellings reach the same resource.
 */
@ApplicationScoped
public class ColonPaths {

    void install(@Observes Router router) {
        router.route().order(-100).handler(ctx -> {
            String path = ctx.request().path();
            if (path != null && (path.contains("/%3A/") || path.contains("/%3a/"))) {
                String query = ctx.request().query();
                String fixed = path.replace("/%3A/", "/:/").replace("/%3a/", "/:/");
                ctx.reroute(query == null ? fixed : fixed + "?" + query);
            } else {
                ctx.next();
            }
        });
    }
}
