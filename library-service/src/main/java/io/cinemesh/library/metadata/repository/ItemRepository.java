package io.cinemesh.library.metadata.repository;

import io.cinemesh.library.access.service.SectionAccess;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads items for the API. A page is two steps: one query picks the page's ids (filters, sort, paging on indexed
 * columns), then a fixed number of queries load those rows with their parents, watch state, counters, parts and
 * tags: never one query per item.
 */
@ApplicationScoped
public class ItemRepository {

    /** The joins every page query may filter or sort on; $1 is always the user id. */
    public static final String FROM = " FROM item i LEFT JOIN item p ON p.id = i.parent_id "
            + "LEFT JOIN item g ON g.id = i.grandparent_id "
            + "LEFT JOIN watch_state w ON w.item_id = i.id AND w.user_id = $1 ";

    private static final String DETAIL = "SELECT i.id, i.section_id, i.type, i.parent_id, i.grandparent_id, i.guid, "
            + "i.title, i.title_sort, i.original_title, i.summary, i.year, i.originally_available_at, i.idx, "
            + "i.parent_idx, i.duration_ms, i.added_at, i.updated_at, i.locked_fields, "
            // Seasons and episodes without a rating of their own show their show's, as in Plex.
            + "coalesce(i.content_rating, p.content_rating, g.content_rating) AS content_rating, i.rating_age, "
            + "p.title AS p_title, p.idx AS p_idx, "
            + "g.title AS g_title, s.name AS s_name, s.uuid AS s_uuid, s.type AS s_type, "
            + "coalesce(w.view_count, 0) AS view_count, coalesce(w.view_offset_ms, 0) AS view_offset, "
            + "w.last_viewed_at, w.user_rating, "
            + "(SELECT extract(epoch FROM a.updated_at)::bigint FROM artwork a WHERE a.item_id = i.id AND a.kind = 'thumb') AS thumb_ts, "
            + "(SELECT extract(epoch FROM a.updated_at)::bigint FROM artwork a WHERE a.item_id = i.id AND a.kind = 'art') AS art_ts, "
            + "(SELECT extract(epoch FROM a.updated_at)::bigint FROM artwork a WHERE a.item_id = i.parent_id AND a.kind = 'thumb') AS p_thumb_ts, "
            + "(SELECT extract(epoch FROM a.updated_at)::bigint FROM artwork a WHERE a.item_id = i.grandparent_id AND a.kind = 'thumb') AS g_thumb_ts, "
            + "(SELECT extract(epoch FROM a.updated_at)::bigint FROM artwork a WHERE a.item_id = i.grandparent_id AND a.kind = 'art') AS g_art_ts, "
            + "CASE WHEN i.type IN (2, 3, 8, 9, 14) THEN (SELECT count(*) FROM item c WHERE c.parent_id = i.id) END AS child_count, "
            + "CASE WHEN i.type IN (2, 3, 8, 9, 14) THEN (SELECT count(*) FROM item l WHERE (l.parent_id = i.id OR l.grandparent_id = i.id) AND l.type IN (1, 4, 10, 13)) END AS leaf_count, "
            + "CASE WHEN i.type IN (2, 3, 8, 9, 14) THEN (SELECT count(*) FROM item l JOIN watch_state lw ON lw.item_id = l.id AND lw.user_id = $1 AND lw.view_count > 0 WHERE (l.parent_id = i.id OR l.grandparent_id = i.id) AND l.type IN (1, 4, 10, 13)) END AS viewed_leaf_count "
            + "FROM item i JOIN section s ON s.id = i.section_id LEFT JOIN item p ON p.id = i.parent_id "
            + "LEFT JOIN item g ON g.id = i.grandparent_id "
            + "LEFT JOIN watch_state w ON w.item_id = i.id AND w.user_id = $1 WHERE i.id = ANY($2)";

    @Inject
    Pool pool;

    /** Ids of one page; {@code sql} starts at WHERE-able FROM ({@link #FROM}) and params start at $2. */
    public Uni<List<Long>> ids(String sql, List<Object> params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Long> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getLong(0)));
            return ids;
        });
    }

    /** [id, type] rows of a built query that selects {@code id, type}, in its order. */
    public Uni<List<long[]>> idsAndTypes(String sql, List<Object> params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<long[]> out = new ArrayList<>();
            rows.forEach(r -> out.add(new long[] {r.getLong("id"), r.getInteger("type")}));
            return out;
        });
    }

    /** Where an item is and its rating, for access checks. */
    public record Placement(long id, long sectionId, Integer ratingAge) {
    }

    /** The placements of the items with these ids that exist, in no order. */
    public Uni<List<Placement>> placements(Long[] ids) {
        return pool.preparedQuery("SELECT id, section_id, rating_age FROM item WHERE id = ANY($1)")
                .execute(Tuple.of((Object) ids)).map(rows -> {
                    List<Placement> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Placement(r.getLong("id"), r.getLong("section_id"),
                            r.getInteger("rating_age"))));
                    return out;
                });
    }

    /**
     * The played items (movies, episodes, tracks, photos) these items are or hold, as [id, type], in play order:
     * the named items in their order, each one's leaves by season or disc, then index, then title.
     */
    public Uni<List<long[]>> leavesOf(Long[] ids, Integer maxAge) {
        return idsAndTypes("SELECT l.id, l.type FROM unnest($1::bigint[]) WITH ORDINALITY c(id, ord) JOIN item l ON "
                + "l.type IN (1, 4, 10, 13) AND (l.id = c.id OR l.parent_id = c.id OR l.grandparent_id = c.id) "
                + "LEFT JOIN item p ON p.id = l.parent_id WHERE true" + SectionAccess.Scope.ratingSql("l", 2)
                + " ORDER BY c.ord, p.idx NULLS LAST, l.parent_idx NULLS LAST, l.idx NULLS LAST, l.title_sort, l.id",
                java.util.Arrays.<Object>asList(ids, maxAge));
    }

    public Uni<Long> count(String sql, List<Object> params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** The items, in the order of {@code ids}; unknown ids are left out. */
    public Uni<List<ItemRow>> load(long userId, List<Long> ids, boolean withStreams) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Long[] idArray = ids.toArray(Long[]::new);
        return pool.preparedQuery(DETAIL).execute(Tuple.of(userId, idArray)).chain(rows -> {
            Map<Long, ItemRow> byId = new HashMap<>();
            for (Row r : rows) {
                ItemRow it = row(r);
                byId.put(it.id, it);
            }
            return parts(userId, idArray, withStreams).chain(parts -> {
                parts.forEach(p -> byId.get(p.itemId()).parts.add(p));
                return pool.preparedQuery("SELECT it.item_id, t.id, t.tag_type, t.tag FROM item_tag it JOIN tag t "
                                + "ON t.id = it.tag_id WHERE it.item_id = ANY($1) ORDER BY t.tag")
                        .execute(Tuple.of((Object) idArray));
            }).map(tagRows -> {
                for (Row t : tagRows) {
                    byId.get(t.getLong("item_id")).tags.add(new ItemRow.TagRow(t.getLong("id"),
                            t.getInteger("tag_type"), t.getString("tag")));
                }
                List<ItemRow> ordered = new ArrayList<>();
                for (Long id : ids) {
                    ItemRow it = byId.get(id);
                    if (it != null) {
                        ordered.add(it);
                    }
                }
                return ordered;
            });
        });
    }

    /**
     * The items' parts; with their streams, each marked {@code selected} as {@code userId} chose it (PUT
     * /library/parts/{id}) or, without a choice, the file's default audio track and no subtitles.
     */
    public Uni<List<ItemRow.PartRow>> parts(long userId, Long[] itemIds, boolean withStreams) {
        return pool.preparedQuery("SELECT * FROM media_part WHERE item_id = ANY($1) ORDER BY id")
                .execute(Tuple.of((Object) itemIds)).chain(rows -> {
                    List<Row> partRows = new ArrayList<>();
                    rows.forEach(partRows::add);
                    if (!withStreams || partRows.isEmpty()) {
                        return Uni.createFrom().item(partRows.stream().map(r -> part(r, List.of())).toList());
                    }
                    Long[] partIds = partRows.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
                    return pool.preparedQuery(STREAMS).execute(Tuple.of(partIds, userId)).map(srows -> {
                        Map<Long, List<ItemRow.StreamRow>> streams = new HashMap<>();
                        for (Row s : srows) {
                            streams.computeIfAbsent(s.getLong("part_id"), k -> new ArrayList<>()).add(stream(s));
                        }
                        return partRows.stream().map(r -> part(r, streams.getOrDefault(r.getLong("id"),
                                List.of()))).toList();
                    });
                });
    }

    private static final String STREAMS = "SELECT s.*, CASE s.stream_type "
            + "WHEN 2 THEN COALESCE(sel.audio_stream_id = s.id, s.is_default) "
            + "WHEN 3 THEN COALESCE(sel.subtitle_stream_id = s.id, false) ELSE false END AS selected "
            + "FROM media_stream s LEFT JOIN stream_selection sel ON sel.part_id = s.part_id AND sel.user_id = $2 "
            + "WHERE s.part_id = ANY($1) ORDER BY s.part_id, s.idx";

    /**
     * Records {@code userId}'s choice for a part: an audio stream, a subtitle stream, or (subtitle id 0) none.
     * A null leaves that half of the choice as it was.
     */
    public Uni<Void> selectStreams(long userId, long partId, Long audioStreamId, Long subtitleStreamId) {
        boolean subtitleGiven = subtitleStreamId != null;
        Long subtitle = subtitleGiven && subtitleStreamId == 0 ? null : subtitleStreamId;
        return pool.preparedQuery("INSERT INTO stream_selection (user_id, part_id, audio_stream_id, "
                        + "subtitle_stream_id, subtitles_off) VALUES ($1, $2, $3, $4, $5) "
                        + "ON CONFLICT (user_id, part_id) DO UPDATE SET "
                        + "audio_stream_id = COALESCE($3, stream_selection.audio_stream_id), "
                        + "subtitle_stream_id = CASE WHEN $6 THEN $4 ELSE stream_selection.subtitle_stream_id END, "
                        + "subtitles_off = CASE WHEN $6 THEN $5 ELSE stream_selection.subtitles_off END, "
                        + "updated_at = now()")
                .execute(Tuple.from(new Object[] {userId, partId, audioStreamId, subtitle,
                        subtitleGiven && subtitle == null, subtitleGiven}))
                .replaceWithVoid();
    }

    /** A part's stream of the given type ({@code 2} audio, {@code 3} subtitle), or null when it has none such. */
    public Uni<Long> streamOfPart(long partId, long streamId, int streamType) {
        return pool.preparedQuery("SELECT id FROM media_stream WHERE id = $1 AND part_id = $2 AND stream_type = $3")
                .execute(Tuple.of(streamId, partId, streamType))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getLong(0));
    }

    /** A part's owning item and section, for the internal parts API. */
    public Uni<Long> itemOfPart(long partId) {
        return pool.preparedQuery("SELECT item_id FROM media_part WHERE id = $1").execute(Tuple.of(partId))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getLong(0));
    }

    /** The part a stream (embedded or sidecar subtitle, audio …) belongs to, or null. */
    public Uni<Long> partOfStream(long streamId) {
        return pool.preparedQuery("SELECT part_id FROM media_stream WHERE id = $1").execute(Tuple.of(streamId))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getLong(0));
    }

    public Uni<byte[]> artwork(long itemId, String kind) {
        return pool.preparedQuery("SELECT data FROM artwork WHERE item_id = $1 AND kind = $2")
                .execute(Tuple.of(itemId, kind))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getBuffer("data").getBytes());
    }

    private static ItemRow row(Row r) {
        ItemRow it = new ItemRow();
        it.id = r.getLong("id");
        it.sectionId = r.getLong("section_id");
        it.type = r.getInteger("type");
        it.parentId = r.getLong("parent_id");
        it.grandparentId = r.getLong("grandparent_id");
        it.guid = r.getString("guid");
        it.title = r.getString("title");
        it.titleSort = r.getString("title_sort");
        it.originalTitle = r.getString("original_title");
        it.summary = r.getString("summary");
        it.year = r.getInteger("year");
        it.originallyAvailableAt = r.getLocalDate("originally_available_at");
        it.index = r.getInteger("idx");
        it.parentIndex = r.getInteger("parent_idx");
        it.durationMs = r.getLong("duration_ms");
        it.addedAt = r.getOffsetDateTime("added_at");
        it.updatedAt = r.getOffsetDateTime("updated_at");
        it.parentTitle = r.getString("p_title");
        it.parentIdx = r.getInteger("p_idx");
        it.grandparentTitle = r.getString("g_title");
        it.sectionTitle = r.getString("s_name");
        it.sectionUuid = r.getUUID("s_uuid");
        it.sectionType = r.getString("s_type");
        it.viewCount = r.getInteger("view_count");
        it.viewOffset = r.getLong("view_offset");
        it.lastViewedAt = r.getOffsetDateTime("last_viewed_at");
        it.userRating = r.getDouble("user_rating");
        it.thumbTs = r.getLong("thumb_ts");
        it.artTs = r.getLong("art_ts");
        it.parentThumbTs = r.getLong("p_thumb_ts");
        it.grandparentThumbTs = r.getLong("g_thumb_ts");
        it.grandparentArtTs = r.getLong("g_art_ts");
        Long cc = r.getLong("child_count");
        Long lc = r.getLong("leaf_count");
        Long vlc = r.getLong("viewed_leaf_count");
        it.childCount = cc == null ? null : cc.intValue();
        it.leafCount = lc == null ? null : lc.intValue();
        it.viewedLeafCount = vlc == null ? null : vlc.intValue();
        String[] locked = r.getArrayOfStrings("locked_fields");
        it.lockedFields = locked == null ? List.of() : List.of(locked);
        it.contentRating = r.getString("content_rating");
        it.ratingAge = r.getInteger("rating_age");
        return it;
    }

    private static ItemRow.PartRow part(Row r, List<ItemRow.StreamRow> streams) {
        return new ItemRow.PartRow(r.getLong("id"), r.getLong("item_id"), r.getString("file"), r.getLong("size"),
                r.getString("container"), r.getLong("duration_ms"), r.getInteger("bitrate"), r.getInteger("width"),
                r.getInteger("height"), r.getString("video_codec"), r.getString("video_profile"),
                r.getDouble("frame_rate"), r.getString("audio_codec"), r.getInteger("audio_channels"),
                r.getOffsetDateTime("updated_at"), streams);
    }

    private static ItemRow.StreamRow stream(Row s) {
        return new ItemRow.StreamRow(s.getLong("id"), s.getLong("part_id"), s.getInteger("idx"),
                s.getInteger("stream_type"), s.getString("codec"), s.getString("profile"), s.getString("language"),
                s.getString("title"), s.getInteger("width"), s.getInteger("height"), s.getDouble("frame_rate"),
                s.getInteger("bit_depth"), s.getInteger("channels"), s.getString("channel_layout"),
                s.getInteger("sampling_rate"), s.getInteger("bitrate"), s.getBoolean("is_default"),
                s.getBoolean("forced"), s.getString("file"), Boolean.TRUE.equals(s.getBoolean("selected")));
    }
}
