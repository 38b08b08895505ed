package io.cinemesh.users.device;

import io.cinemesh.users.repository.DeviceRepository.Device;
import io.cinemesh.users.repository.DeviceRepository;
import io.cinemesh.users.service.RequestInfo;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Remembers the players each account uses, from {@code X-Plex-Client-Identifier} and {@code X-Plex-Device-Name}.
 * Writes are fire-and-forget on the pool and at most once a minute per account, player and name, so learning
 * devices never slows a request nor loads the database with one write per segment.
 */
@ApplicationScoped
public class DeviceRegistry {

    private static final Logger LOG = Logger.getLogger(DeviceRegistry.class);
    private static final Duration REFRESH = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED = 10_000;

    @Inject
    DeviceRepository devices;

    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();

    public void seen(long accountId, RequestInfo info) {
        if (info == null || info.clientIdentifier() == null) {
            return;
        }
        String key = accountId + "\u0000" + info.clientIdentifier() + "\u0000" + Objects.toString(info.deviceName());
        Instant now = Instant.now();
        Instant last = lastWritten.get(key);
        if (last != null && last.plus(REFRESH).isAfter(now)) {
            return;
        }
        if (lastWritten.size() > MAX_REMEMBERED) {
            lastWritten.clear();
        }
        lastWritten.put(key, now);
        devices.seen(accountId, info.clientIdentifier(), info.deviceName(), info.product(), info.platform(),
                info.from()).subscribe().with(ok -> { }, e -> {
                    lastWritten.remove(key);
                    LOG.debugf("Could not record a device: %s", e.getMessage());
                });
    }

    /** Devices of one account, or of all when {@code accountId} is null; most recently seen first. */
    public Uni<List<Device>> list(Long accountId) {
        return devices.list(accountId);
    }
}
