package io.cinemesh.stream.session.mapping;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.stream.session.repository.StreamSession;
import io.cinemesh.stream.session.service.ActiveStreams;
import io.cinemesh.stream.session.service.ItemElements;
import io.cinemesh.stream.transcode.mapping.TranscodeSessionMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code /status/sessions} as PMS answers it: each item as library-service shows it, plus the {@code User},
 * {@code Player} and {@code Session} children clients require, and {@code TranscodeSession} when a transcode
 * serves it.
 */
@ApplicationScoped
public class SessionsMapper {

    @Inject
    TranscodeSessionMapper transcodes;

    public MediaContainer container(ActiveStreams streams) {
        MediaContainer mc = new MediaContainer();
        for (StreamSession s : streams.sessions()) {
            var tx = streams.transcodeOf(s).orElse(null);
            PlexElement item = ItemElements.element(s.itemType, s.ratingKey, s.itemAttrs)
                    .attr("sessionKey", s.sessionKey.toString())
                    .attr("viewOffset", s.viewOffsetMs);
            if (s.durationMs != null) {
                item.attr("duration", s.durationMs);
            }
            item.add(PlexElement.of("User").attr("id", Long.toString(s.userId)).attr("title", s.userName)
                    .attr("thumb", ""));
            item.add(PlexElement.of("Player").attr("machineIdentifier", s.clientIdentifier)
                    .attr("title", s.deviceName).attr("product", s.product).attr("platform", s.platform)
                    .attr("state", s.state).attr("address", s.address).attr("local", true)
                    .attr("remotePublicAddress", s.address));
            item.add(PlexElement.of("Session").attr("id", s.id.toString())
                    .attr("bandwidth", tx != null && tx.videoBitrateKbps != null ? tx.videoBitrateKbps : 0)
                    .attr("location", "lan"));
            if (tx != null) {
                item.add(transcodes.element(tx));
            }
            mc.add(item);
        }
        return mc;
    }
}
