package io.cinemesh.users.repository;

import io.cinemesh.sql.Like;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The {@code audit_log} table: every service's audit records as {@code audit.events} delivered them (stored once
 * per event id), read by the owner by actor, action, result and time range, newest first, a page at a time.
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    Pool pool;

    @RegisterForReflection
    public record Record(String id, OffsetDateTime occurredAt, String source, String actorId, String actorName,
            String action, String target, String from, String result, String traceId) {
    }

    @RegisterForReflection
    public record Page(long total, int offset, int limit, List<Record> records) {
    }

    /**
     * @param actor an actor id or name (exact; names case-insensitively)
     * @param action an action, or a prefix ending in {@code *} ({@code user.*})
     */
    public Uni<Page> query(String actor, String action, String result, OffsetDateTime from, OffsetDateTime to,
            int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Tuple args = Tuple.tuple();
        if (actor != null) {
            args.addString(actor);
            where.append(" AND (actor_id = $").append(args.size()).append(" OR lower(actor_name) = lower($")
                    .append(args.size()).append("))");
        }
        if (action != null) {
            if (action.endsWith("*")) {
                args.addString(Like.prefix(action.substring(0, action.length() - 1)));
                where.append(" AND action LIKE $").append(args.size());
            } else {
                args.addString(action);
                where.append(" AND action = $").append(args.size());
            }
        }
        if (result != null) {
            args.addString(result);
            where.append(" AND result = $").append(args.size());
        }
        if (from != null) {
            args.addOffsetDateTime(from.withOffsetSameInstant(ZoneOffset.UTC));
            where.append(" AND occurred_at >= $").append(args.size());
        }
        if (to != null) {
            args.addOffsetDateTime(to.withOffsetSameInstant(ZoneOffset.UTC));
            where.append(" AND occurred_at < $").append(args.size());
        }
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM audit_log" + where).execute(args)
                .map(rows -> rows.iterator().next().getLong(0));
        Tuple pageArgs = Tuple.tuple();
        for (int i = 0; i < args.size(); i++) {
            pageArgs.addValue(args.getValue(i));
        }
        pageArgs.addInteger(limit).addInteger(offset);
        Uni<List<Record>> records = pool.preparedQuery("SELECT event_id, occurred_at, source, actor_id, actor_name, "
                        + "action, target, from_address, result, trace_id FROM audit_log" + where
                        + " ORDER BY occurred_at DESC, event_id LIMIT $" + (args.size() + 1) + " OFFSET $"
                        + (args.size() + 2))
                .execute(pageArgs)
                .map(rows -> {
                    List<Record> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Record(r.getUUID(0).toString(), r.getOffsetDateTime(1), r.getString(2),
                                r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                                r.getString(8), r.getString(9)));
                    }
                    return out;
                });
        return Uni.combine().all().unis(total, records).with((t, list) -> new Page(t, offset, limit, list));
    }

    /** Stores a delivered record; one already stored (the same event id) is left as it is. */
    public Uni<Void> store(UUID eventId, Record r) {
        return pool.preparedQuery("INSERT INTO audit_log (event_id, occurred_at, source, actor_id, actor_name, action, "
                        + "target, from_address, result, trace_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                        + "ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.from(Arrays.asList(eventId, r.occurredAt(), r.source(), r.actorId(), r.actorName(),
                        r.action(), r.target(), r.from(), r.result(), r.traceId())))
                .replaceWithVoid();
    }
}
