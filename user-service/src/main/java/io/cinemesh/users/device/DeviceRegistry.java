package io.cinemesh.users.device;

import io.cinemesh.users.service.RequestInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
    Pool pool;

    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();

    /** A device as {@code /devices} shows it. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Device(long accountId, String clientIdentifier, String name, String product, String platform,
            OffsetDateTime firstSeen, OffsetDateTime lastSeen, String lastAddress) {
    }

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
        pool.preparedQuery("INSERT INTO device (account_id, client_identifier, name, product, platform, last_address) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, client_identifier) DO UPDATE SET "
                        + "name = coalesce(excluded.name, device.name), product = coalesce(excluded.product, "
                        + "device.product), platform = coalesce(excluded.platform, device.platform), "
                        + "last_seen = now(), last_address = excluded.last_address")
                .execute(Tuple.from(java.util.Arrays.asList(accountId, info.clientIdentifier(), info.deviceName(),
                        info.product(), info.platform(), info.from())))
                .subscribe().with(ok -> { }, e -> {
                    lastWritten.remove(key);
                    LOG.debugf("Could not record a device: %s", e.getMessage());
                });
    }

    /** Devices of one account, or of all when {@code accountId} is null; most recently seen first. */
    public Uni<List<Device>> list(Long accountId) {
        String sql = "SELECT account_id, client_identifier, name, product, platform, first_seen, last_seen, "
                + "last_address FROM device" + (accountId == null ? "" : " WHERE account_id = $1")
                + " ORDER BY last_seen DESC LIMIT 1000";
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows = accountId == null ? pool.query(sql).execute()
                : pool.preparedQuery(sql).execute(Tuple.of(accountId));
        return rows.map(set -> {
            List<Device> out = new ArrayList<>();
            for (Row r : set) {
                out.add(new Device(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getOffsetDateTime(5), r.getOffsetDateTime(6), r.getString(7)));
            }
            return out;
        });
    }
}
