package io.cinemesh.users.repository;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code device} table: the players each account uses, with what they said they are and where from. */
@ApplicationScoped
public class DeviceRepository {

    @Inject
    Pool pool;

    /** A device as {@code /devices} shows it. */
    @RegisterForReflection
    public record Device(long accountId, String clientIdentifier, String name, String product, String platform,
            OffsetDateTime firstSeen, OffsetDateTime lastSeen, String lastAddress) {
    }

    /** Seen now: a new device, or the known one with what it says now (what it does not say is kept). */
    public Uni<Void> seen(long accountId, String clientIdentifier, String name, String product, String platform,
            String address) {
        return pool.preparedQuery("INSERT INTO device (account_id, client_identifier, name, product, platform, "
                        + "last_address) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, client_identifier) "
                        + "DO UPDATE SET name = coalesce(excluded.name, device.name), "
                        + "product = coalesce(excluded.product, device.product), "
                        + "platform = coalesce(excluded.platform, device.platform), "
                        + "last_seen = now(), last_address = excluded.last_address")
                .execute(Tuple.from(Arrays.asList(accountId, clientIdentifier, name, product, platform, address)))
                .replaceWithVoid();
    }

    /** Devices of one account, or of all when {@code accountId} is null; most recently seen first. */
    public Uni<List<Device>> list(Long accountId) {
        String sql = "SELECT account_id, client_identifier, name, product, platform, first_seen, last_seen, "
                + "last_address FROM device" + (accountId == null ? "" : " WHERE account_id = $1")
                + " ORDER BY last_seen DESC LIMIT 1000";
        Uni<RowSet<Row>> rows = accountId == null ? pool.query(sql).execute()
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
