package io.cinemesh.library.scan.repository;

import io.cinemesh.events.CinemeshEvent;
import io.cinemesh.events.EventTypes;
import io.cinemesh.events.ItemEvent;
import io.cinemesh.events.ScanEvent;
import io.cinemesh.events.Topics;
import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.scan.service.ParsedMedia;
import io.cinemesh.library.scan.service.ProbeResult;
import io.cinemesh.outbox.EventOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The scanner's writes. Every file is stored in one transaction together with the {@code library.events} it
 * causes (through the outbox), so an item exists exactly when its event does.
 */
@ApplicationScoped
public class ScanStore {


    @Inject
    Pool pool;
    @Inject
    EventOutbox outbox;

    /** What the database knows of a file: its part (or failure) and the facts it was stored with. */
    public record Known(Long partId, long size, long mtimeMs, boolean failed) {
    }

    /** The stored leaf and the containers it made, for the artwork phase. */
    public record Stored(long itemId, List<Long> containerIds, boolean added) {
    }

    public record Removed(long id, int type, String title, Integer ratingAge) {
    }

    public Uni<Map<String, Known>> known(long sectionId) {
        return pool.preparedQuery("SELECT file, id, size, mtime_ms, false AS failed FROM media_part "
                        + "WHERE section_id = $1 UNION ALL SELECT file, NULL, size, mtime_ms, true FROM scan_failure "
                        + "WHERE section_id = $1")
                .execute(Tuple.of(sectionId)).map(rows -> {
                    Map<String, Known> known = new HashMap<>();
                    for (Row r : rows) {
                        known.put(r.getString("file"), new Known(r.getLong("id"), r.getLong("size"),
                                r.getLong("mtime_ms"), r.getBoolean("failed")));
                    }
                    return known;
                });
    }

    public Uni<Void> recordFailure(long sectionId, String file, long size, long mtimeMs, String error) {
        return pool.preparedQuery("INSERT INTO scan_failure (section_id, file, size, mtime_ms, error) "
                        + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (section_id, file) DO UPDATE SET size = $3, "
                        + "mtime_ms = $4, error = $5, failed_at = now()")
                .execute(Tuple.of(sectionId, file, size, mtimeMs, error)).replaceWithVoid();
    }

    /** Stores one probed file: its containers (found again by name), the leaf item, its part and streams. */
    public Uni<Stored> store(long sectionId, String file, long size, long mtimeMs, String container,
            ProbeResult probe, ParsedMedia parsed, Long existingPartId, List<String[]> sidecarSubtitles) {
        return pool.withTransaction(conn -> containers(conn, sectionId, parsed.containers(), 0, null, null,
                        new ArrayList<>())
                .chain(ids -> {
                    Long parent = ids.isEmpty() ? null : ids.get(ids.size() - 1);
                    Long grandparent = ids.size() < 2 ? null : ids.get(ids.size() - 2);
                    Uni<long[]> leaf = existingPartId == null
                            ? insertLeaf(conn, sectionId, parsed.leaf(), parent, grandparent, probe, file, size,
                                    mtimeMs, container)
                            : updateLeaf(conn, existingPartId, parsed.leaf(), parent, grandparent, probe, size,
                                    mtimeMs, container);
                    return leaf.chain(ip -> streams(conn, ip[1], probe, sidecarSubtitles)
                            .chain(() -> contentRating(conn, ip[0], probe.contentRating()))
                            .chain(() -> tags(conn, ip[0], parsed.leaf().genres()))
                            .chain(() -> parsed.containers().isEmpty() ? Uni.createFrom().voidItem()
                                    : tags(conn, ids.get(ids.size() - 1),
                                            parsed.containers().get(parsed.containers().size() - 1).genres()))
                            .chain(() -> conn.preparedQuery("DELETE FROM scan_failure WHERE section_id = $1 AND "
                                    + "file = $2").execute(Tuple.of(sectionId, file)))
                            // The age the item now counts as (its rating or its parent's), for the notification
                            // sockets of users with a rating limit.
                            .chain(() -> conn.preparedQuery("SELECT rating_age FROM item WHERE id = $1")
                                    .execute(Tuple.of(ip[0])))
                            .chain(age -> outbox.stage(conn, Topics.LIBRARY, itemEvent(
                                    existingPartId == null ? EventTypes.ITEM_ADDED : EventTypes.ITEM_UPDATED,
                                    ip[0], sectionId, parsed.leaf().type(), parsed.leaf().title(),
                                    age.iterator().next().getInteger(0))))
                            .map(v -> new Stored(ip[0], ids.stream().map(Long::valueOf).toList(),
                                    existingPartId == null)));
                }));
    }

    private Uni<List<Long>> containers(SqlConnection conn, long sectionId, List<ParsedMedia.Node> nodes, int at,
            Long parent, Long grandparent, List<Long> ids) {
        if (at == nodes.size()) {
            return Uni.createFrom().item(ids);
        }
        ParsedMedia.Node n = nodes.get(at);
        return conn.preparedQuery("INSERT INTO item (section_id, type, parent_id, grandparent_id, match_key, guid, "
                        + "title, title_search, title_sort, year, originally_available_at, idx) VALUES ($1, $2, $3, $4, "
                        + "$5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (section_id, type, coalesce(parent_id, 0), "
                        + "match_key) WHERE match_key IS NOT NULL DO UPDATE SET year = coalesce(item.year, "
                        + "excluded.year) RETURNING id, (xmax = 0) AS inserted, rating_age")
                .execute(Tuple.from(new Object[] {sectionId, n.type(), parent, grandparent, n.matchKey(),
                        guid(n.type()), n.title(), search(n.title()), sortTitle(n.title()), n.year(), n.date(),
                        n.index()}))
                .chain(rows -> {
                    Row r = rows.iterator().next();
                    long id = r.getLong("id");
                    ids.add(id);
                    Uni<Void> event = r.getBoolean("inserted")
                            ? outbox.stage(conn, Topics.LIBRARY,
                                    itemEvent(EventTypes.ITEM_ADDED, id, sectionId, n.type(), n.title(),
                                            r.getInteger("rating_age")))
                            : Uni.createFrom().voidItem();
                    return event.chain(() -> containers(conn, sectionId, nodes, at + 1, id, parent, ids));
                });
    }

    private Uni<long[]> insertLeaf(SqlConnection conn, long sectionId, ParsedMedia.Node n, Long parent,
            Long grandparent, ProbeResult probe, String file, long size, long mtimeMs, String container) {
        return conn.preparedQuery("INSERT INTO item (section_id, type, parent_id, grandparent_id, guid, title, "
                        + "title_search, title_sort, summary, year, originally_available_at, idx, parent_idx, "
                        + "duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
                        + "RETURNING id")
                .execute(Tuple.from(new Object[] {sectionId, n.type(), parent, grandparent, guid(n.type()),
                        n.title(), search(n.title()), sortTitle(n.title()), n.summary(), n.year(), n.date(),
                        n.index(), n.parentIndex(), probe.durationMs()}))
                .chain(rows -> {
                    long itemId = rows.iterator().next().getLong("id");
                    ProbeResult.Stream v = probe.firstVideo();
                    ProbeResult.Stream a = probe.firstAudio();
                    return conn.preparedQuery("INSERT INTO media_part (item_id, section_id, file, size, mtime_ms, "
                                    + "container, duration_ms, bitrate, width, height, video_codec, video_profile, "
                                    + "frame_rate, audio_codec, audio_channels) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                                    + "$8, $9, $10, $11, $12, $13, $14, $15) RETURNING id")
                            .execute(Tuple.from(new Object[] {itemId, sectionId, file, size, mtimeMs, container,
                                    probe.durationMs(), probe.bitrate(), v == null ? null : v.width(),
                                    v == null ? null : v.height(), v == null ? null : v.codec(),
                                    v == null ? null : v.profile(), v == null ? null : v.frameRate(),
                                    a == null ? null : a.codec(), a == null ? null : a.channels()}))
                            .map(r -> new long[] {itemId, r.iterator().next().getLong("id")});
                });
    }

    private Uni<long[]> updateLeaf(SqlConnection conn, long partId, ParsedMedia.Node n, Long parent,
            Long grandparent, ProbeResult probe, long size, long mtimeMs, String container) {
        ProbeResult.Stream v = probe.firstVideo();
        ProbeResult.Stream a = probe.firstAudio();
        return conn.preparedQuery("UPDATE media_part SET size = $2, mtime_ms = $3, container = $4, duration_ms = $5, "
                        + "bitrate = $6, width = $7, height = $8, video_codec = $9, video_profile = $10, "
                        + "frame_rate = $11, audio_codec = $12, audio_channels = $13, updated_at = now() "
                        + "WHERE id = $1 RETURNING item_id")
                .execute(Tuple.from(new Object[] {partId, size, mtimeMs, container, probe.durationMs(),
                        probe.bitrate(), v == null ? null : v.width(), v == null ? null : v.height(),
                        v == null ? null : v.codec(), v == null ? null : v.profile(),
                        v == null ? null : v.frameRate(), a == null ? null : a.codec(),
                        a == null ? null : a.channels()}))
                .chain(rows -> {
                    long itemId = rows.iterator().next().getLong("item_id");
                    return conn.preparedQuery("UPDATE item SET parent_id = $2, grandparent_id = $3, "
                                    // Fields a user edited by hand (locked) keep their value.
                                    + "title = CASE WHEN 'title' = ANY(locked_fields) THEN title ELSE $4 END, "
                                    + "title_search = CASE WHEN 'title' = ANY(locked_fields) THEN title_search ELSE $5 END, "
                                    + "title_sort = CASE WHEN 'title' = ANY(locked_fields) OR 'titleSort' = ANY(locked_fields) "
                                    + "THEN title_sort ELSE $6 END, "
                                    + "summary = CASE WHEN 'summary' = ANY(locked_fields) THEN summary ELSE $7 END, "
                                    + "year = CASE WHEN 'year' = ANY(locked_fields) THEN year ELSE $8 END, "
                                    + "originally_available_at = CASE WHEN 'originallyAvailableAt' = ANY(locked_fields) "
                                    + "THEN originally_available_at ELSE $9 END, idx = $10, parent_idx = $11, duration_ms = $12, "
                                    + "updated_at = now() WHERE id = $1")
                            .execute(Tuple.from(new Object[] {itemId, parent, grandparent, n.title(),
                                    search(n.title()), sortTitle(n.title()), n.summary(), n.year(), n.date(),
                                    n.index(), n.parentIndex(), probe.durationMs()}))
                            .chain(() -> conn.preparedQuery("DELETE FROM media_stream WHERE part_id = $1")
                                    .execute(Tuple.of(partId)))
                            .chain(() -> conn.preparedQuery("DELETE FROM artwork WHERE item_id = $1")
                                    .execute(Tuple.of(itemId)))
                            .map(x -> new long[] {itemId, partId});
                });
    }

    /** The file's rating, unless the owner set one by hand (a locked {@code contentRating}). */
    private Uni<Void> contentRating(SqlConnection conn, long itemId, String rating) {
        return conn.preparedQuery("UPDATE item SET content_rating = $2 WHERE id = $1 AND NOT 'contentRating' = "
                        + "ANY(locked_fields) AND content_rating IS DISTINCT FROM $2")
                .execute(Tuple.of(itemId, rating)).replaceWithVoid();
    }

    private Uni<Void> streams(SqlConnection conn, long partId, ProbeResult probe, List<String[]> sidecars) {
        List<Tuple> rows = new ArrayList<>();
        for (ProbeResult.Stream s : probe.streams()) {
            if (s.attachedPicture()) {
                continue;
            }
            rows.add(Tuple.from(new Object[] {partId, s.index(), s.type(), s.codec(), s.profile(),
                    s.language(), s.title(), s.width(), s.height(), s.frameRate(), s.bitDepth(), s.channels(),
                    s.channelLayout(), s.samplingRate(), s.bitrate(), s.isDefault(), s.forced(), null}));
        }
        int next = probe.streams().size();
        for (String[] sc : sidecars) {
            // sc = {relative file, format, language or null}
            rows.add(Tuple.from(new Object[] {partId, next++, 3, sc[1], null, sc[2], null, null, null, null,
                    null, null, null, null, null, false, false, sc[0]}));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO media_stream (part_id, idx, stream_type, codec, profile, language, "
                        + "title, width, height, frame_rate, bit_depth, channels, channel_layout, sampling_rate, "
                        + "bitrate, is_default, forced, file) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                        + "$12, $13, $14, $15, $16, $17, $18)")
                .executeBatch(rows).replaceWithVoid();
    }

    private Uni<Void> tags(SqlConnection conn, long itemId, List<String> genres) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String g : genres) {
            chain = chain.chain(() -> conn.preparedQuery("WITH t AS (INSERT INTO tag (tag_type, tag) VALUES (1, $1) "
                            + "ON CONFLICT (tag_type, tag) DO UPDATE SET tag = excluded.tag RETURNING id) "
                            + "INSERT INTO item_tag (item_id, tag_id) SELECT $2, id FROM t ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(g, itemId)).replaceWithVoid());
        }
        return chain;
    }

    /**
     * Drops parts whose files are gone, the leaves they carried, then containers left empty (seasons before
     * shows), each with its {@code item.removed} event.
     */
    public Uni<List<Removed>> removeVanished(long sectionId, List<String> files) {
        return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM scan_failure WHERE section_id = $1 "
                        + "AND file = ANY($2)").execute(Tuple.of(sectionId, files.toArray(String[]::new)))
                .chain(() -> conn.preparedQuery("DELETE FROM item WHERE id IN (SELECT item_id FROM media_part "
                                + "WHERE section_id = $1 AND file = ANY($2)) RETURNING id, type, title, rating_age")
                        .execute(Tuple.of(sectionId, files.toArray(String[]::new))))
                .chain(rows -> {
                    List<Removed> removed = new ArrayList<>();
                    rows.forEach(r -> removed.add(removed(r)));
                    return dropEmptyContainers(conn, sectionId, removed, 0);
                })
                .call(removed -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Removed r : removed) {
                        chain = chain.chain(() -> outbox.stage(conn, Topics.LIBRARY,
                                itemEvent(EventTypes.ITEM_REMOVED, r.id(), sectionId, r.type(), r.title(),
                                        r.ratingAge())));
                    }
                    return chain;
                }));
    }

    private Uni<List<Removed>> dropEmptyContainers(SqlConnection conn, long sectionId, List<Removed> removed,
            int round) {
        return conn.preparedQuery("DELETE FROM item i WHERE i.section_id = $1 AND i.type = ANY($2) AND NOT EXISTS "
                        + "(SELECT 1 FROM item c WHERE c.parent_id = i.id) RETURNING id, type, title, rating_age")
                .execute(Tuple.of(sectionId, new Integer[] {PlexTypes.SHOW, PlexTypes.SEASON, PlexTypes.ARTIST,
                        PlexTypes.ALBUM, PlexTypes.PHOTO_ALBUM}))
                .chain(rows -> {
                    rows.forEach(r -> removed.add(removed(r)));
                    // Nested photo albums can be several levels deep; stop when a round removes nothing.
                    return rows.rowCount() == 0 || round > 16 ? Uni.createFrom().item(removed)
                            : dropEmptyContainers(conn, sectionId, removed, round + 1);
                });
    }

    public Uni<Void> saveArtwork(long itemId, String kind, String source, byte[] jpeg) {
        return pool.preparedQuery("INSERT INTO artwork (item_id, kind, source, data) VALUES ($1, $2, $3, $4) "
                        + "ON CONFLICT (item_id, kind) DO UPDATE SET source = $3, data = $4, updated_at = now()")
                .execute(Tuple.of(itemId, kind, source, io.vertx.core.buffer.Buffer.buffer(jpeg)))
                .replaceWithVoid();
    }

    /** Containers without a thumb borrow their first child's (a season its first episode's frame, and so on). */
    public Uni<Void> inheritContainerArtwork(long sectionId) {
        String sql = "INSERT INTO artwork (item_id, kind, source, data) SELECT DISTINCT ON (p.id) p.id, 'thumb', "
                + "'child', a.data FROM item p JOIN item c ON c.parent_id = p.id JOIN artwork a ON a.item_id = c.id "
                + "AND a.kind = 'thumb' WHERE p.section_id = $1 AND p.type = ANY($2) AND NOT EXISTS (SELECT 1 FROM "
                + "artwork x WHERE x.item_id = p.id AND x.kind = 'thumb') ORDER BY p.id, c.idx NULLS LAST, c.id";
        Integer[] containers = {PlexTypes.SEASON, PlexTypes.ALBUM, PlexTypes.PHOTO_ALBUM, PlexTypes.SHOW,
            PlexTypes.ARTIST};
        // Twice: seasons first, then shows from their seasons.
        return pool.preparedQuery(sql).execute(Tuple.of(sectionId, containers))
                .chain(() -> pool.preparedQuery(sql).execute(Tuple.of(sectionId, containers))).replaceWithVoid();
    }

    public Uni<Boolean> hasArtwork(long itemId, String kind) {
        return pool.preparedQuery("SELECT 1 FROM artwork WHERE item_id = $1 AND kind = $2")
                .execute(Tuple.of(itemId, kind)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Void> markScanned(long sectionId) {
        return pool.preparedQuery("UPDATE section SET scanned_at = now() WHERE id = $1").execute(Tuple.of(sectionId))
                .replaceWithVoid();
    }

    public Uni<Void> stageScanEvent(String type, ScanEvent scan) {
        return pool.withTransaction(conn -> outbox.stage(conn, Topics.LIBRARY,
                CinemeshEvent.of(type, outbox.source(), Long.toString(scan.sectionId()), scan)));
    }

    /** {@code ratingAge}: the item's {@code rating_age}, left out when unrated (allowed for every limit). */
    private CinemeshEvent itemEvent(String type, long itemId, long sectionId, int itemType, String title,
            Integer ratingAge) {
        return CinemeshEvent.of(type, outbox.source(), Long.toString(itemId), new ItemEvent(Long.toString(itemId), sectionId,
                PlexTypes.name(itemType), itemType, title, ratingAge));
    }

    private static Removed removed(Row r) {
        return new Removed(r.getLong("id"), r.getInteger("type"), r.getString("title"), r.getInteger("rating_age"));
    }

    private static String guid(int type) {
        return "cinemesh://" + PlexTypes.scope(type) + "/" + UUID.randomUUID();
    }

    public static String search(String title) {
        return title.toLowerCase(Locale.ROOT);
    }

    /**
     * Plex sorts "The Matrix" under M and "Ágætis byrjun" under A: the sort key drops leading articles and
     * diacritics (search keeps them; see {@link #search}).
     */
    public static String sortTitle(String title) {
        String t = java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).trim();
        for (String article : new String[] {"the ", "a ", "an "}) {
            if (t.startsWith(article) && t.length() > article.length()) {
                return t.substring(article.length()).trim();
            }
        }
        return t;
    }

}
