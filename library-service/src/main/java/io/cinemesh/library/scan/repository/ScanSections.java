package io.cinemesh.library.scan.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sections as the scanner reads them, and the cluster-wide scan lock: a PostgreSQL advisory lock on a section,
 * held on its own connection for a whole scan, so one section is scanned by one replica at a time, and a replica
 * that dies releases it with its connection. Blocking: the scanner runs on its own worker threads.
 */
@ApplicationScoped
public class ScanSections {

    /** First key of the two-int advisory lock; the second is the section id. */
    public static final int LOCK_CLASS = 0x5ca7;

    @Inject
    Pool pool;

    /** A held scan lock; closing it unlocks and gives the connection back. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    public Optional<ScanSection> find(long id) {
        var rows = pool.preparedQuery("SELECT s.id, s.name, s.type, array_remove(array_agg(l.path ORDER BY l.id), "
                        + "NULL) AS paths FROM section s LEFT JOIN section_location l ON l.section_id = s.id "
                        + "WHERE s.id = $1 GROUP BY s.id")
                .execute(Tuple.of(id)).await().indefinitely();
        if (rows.rowCount() == 0) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        return Optional.of(new ScanSection(r.getLong("id"), r.getString("name"), r.getString("type"),
                List.of(r.getArrayOfStrings("paths"))));
    }

    /** Every section's title, by id. */
    public Map<Long, String> titles() {
        Map<Long, String> all = new LinkedHashMap<>();
        pool.query("SELECT id, name FROM section ORDER BY id").execute().await().indefinitely()
                .forEach(r -> all.put(r.getLong("id"), r.getString("name")));
        return all;
    }

    /** Every section's folders (relative to the media root), as [section id, folder]. */
    public List<Map.Entry<Long, String>> locations() {
        List<Map.Entry<Long, String>> out = new ArrayList<>();
        pool.query("SELECT section_id, path FROM section_location").execute().await().indefinitely()
                .forEach(r -> out.add(Map.entry(r.getLong("section_id"), r.getString("path"))));
        return out;
    }

    /** The section's scan lock, or empty when another replica holds it. */
    public Optional<Lock> tryLock(long sectionId) {
        SqlConnection conn = pool.getConnection().await().indefinitely();
        boolean locked = false;
        try {
            locked = conn.preparedQuery("SELECT pg_try_advisory_lock($1, $2) AS ok")
                    .execute(Tuple.of(LOCK_CLASS, (int) sectionId)).await().indefinitely().iterator().next()
                    .getBoolean("ok");
        } finally {
            if (!locked) {
                conn.close().await().indefinitely();
            }
        }
        if (!locked) {
            return Optional.empty();
        }
        return Optional.of(() -> {
            try {
                conn.preparedQuery("SELECT pg_advisory_unlock($1, $2)")
                        .execute(Tuple.of(LOCK_CLASS, (int) sectionId)).await().indefinitely();
            } finally {
                conn.close().await().indefinitely();
            }
        });
    }

    /** Sections whose scan lock some replica holds. */
    public Uni<Set<Long>> locked() {
        return pool.preparedQuery("SELECT objid::bigint AS section_id FROM pg_locks WHERE locktype = 'advisory' "
                        + "AND classid::bigint = $1 AND objsubid = 2 AND granted")
                .execute(Tuple.of((long) LOCK_CLASS)).map(rows -> {
                    Set<Long> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(r.getLong("section_id")));
                    return ids;
                });
    }
}
