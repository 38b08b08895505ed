package io.cinemesh.library.collection.repository;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.library.scan.repository.ScanStore;
import io.cinemesh.sql.Like;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code collection} table and its members. A collection's members are the items carrying its tag
 * ({@code tag_type} 2) within its section, so {@code collection=ID} filters and the items' {@code <Collection>}
 * tags follow it without further bookkeeping. Changes run on the connection of the caller's transaction
 * ({@link #inTransaction}), so the events and audit record staged beside them commit with them.
 */
@ApplicationScoped
public class CollectionRepository {

    static final int TAG_TYPE = 2;

    /** An item named as a member: enough to check that it fits and to say it changed. */
    public record Member(long id, long sectionId, int type, String title, Integer ratingAge) {
    }

    /** The members of collection {@code c}, in the order the collection shows them (release year, then title). */
    private static final String MEMBERS = " FROM item_tag it JOIN item i ON i.id = it.item_id WHERE it.tag_id = "
            + "c.tag_id AND i.section_id = c.section_id";
    private static final String MEMBER_ORDER = " ORDER BY i.year NULLS LAST, i.title_sort, i.id";

    /** What a section's collections are listed by. */
    public enum SortBy {
        TITLE("c.title_search"), ADDED_AT("c.added_at"), UPDATED_AT("c.updated_at");

        private final String column;

        SortBy(String column) {
            this.column = column;
        }
    }

    @Inject
    Pool pool;

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The collection when the caller may see its section; null otherwise. */
    public Uni<CollectionRow> find(SectionAccess.Scope scope, long id) {
        return pool.preparedQuery(select(scope) + " AND c.id = $2").execute(Tuple.of(scope.idsOrNull(), id))
                .map(rows -> rows.rowCount() == 0 ? null : row(rows.iterator().next()));
    }

    /** How many collections section {@code sectionId} has whose titles contain {@code title} (all when null). */
    public Uni<Long> count(SectionAccess.Scope scope, long sectionId, String title) {
        List<Object> params = new ArrayList<>();
        return pool.preparedQuery("SELECT count(*) FROM collection c WHERE ($1::bigint[] IS NULL OR "
                        + "c.section_id = ANY($1))" + where(scope, sectionId, title, params))
                .execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** A page of those collections; ties in order of creation. */
    public Uni<List<CollectionRow>> page(SectionAccess.Scope scope, long sectionId, String title, SortBy sort,
            boolean descending, long start, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(scope, sectionId, title, params);
        String order = " ORDER BY " + sort.column + (descending ? " DESC" : "") + ", c.id";
        return pool.preparedQuery(select(scope) + where + order + " LIMIT " + size + " OFFSET " + start)
                .execute(Tuple.from(params)).map(CollectionRepository::rows);
    }

    /** Collections whose titles contain {@code query} (lower-cased), exact matches first, then prefixes. */
    public Uni<List<CollectionRow>> search(SectionAccess.Scope scope, String query, int limit, Long sectionId) {
        List<Object> params = new ArrayList<>();
        params.add(scope.idsOrNull());
        params.addAll(List.of(Like.containing(query), query, Like.prefix(query)));
        String where = " AND c.title_search LIKE $2";
        if (sectionId != null) {
            params.add(sectionId);
            where += " AND c.section_id = $" + params.size();
        }
        return pool.preparedQuery(select(scope) + where + " ORDER BY (c.title_search = $3) DESC, "
                        + "(c.title_search LIKE $4) DESC, c.title_search, c.id LIMIT " + limit)
                .execute(Tuple.from(params)).map(CollectionRepository::rows);
    }

    /** How many members of {@code c} the caller may see. */
    public Uni<Long> countMembers(CollectionRow c, SectionAccess.Scope scope) {
        List<Object> params = new ArrayList<>(List.of(c.tagId(), c.sectionId()));
        return pool.preparedQuery("SELECT count(*)" + membersOf(scope, params)).execute(Tuple.from(params))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A page of the ids of those members, in the collection's order. */
    public Uni<List<Long>> memberIds(CollectionRow c, SectionAccess.Scope scope, long start, int size) {
        List<Object> params = new ArrayList<>(List.of(c.tagId(), c.sectionId()));
        return pool.preparedQuery("SELECT i.id" + membersOf(scope, params) + MEMBER_ORDER + " LIMIT " + size
                + " OFFSET " + start).execute(Tuple.from(params)).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    /** The items with these ids that exist, in no order. */
    public Uni<List<Member>> items(List<Long> ids) {
        return pool.preparedQuery("SELECT id, section_id, type, title, rating_age FROM item WHERE id = ANY($1)")
                .execute(Tuple.of((Object) ids.toArray(Long[]::new))).map(CollectionRepository::members);
    }

    /** The collection tag named {@code name}, made if new. */
    public Uni<Long> tag(SqlConnection conn, String name) {
        return conn.preparedQuery("INSERT INTO tag (tag_type, tag) VALUES ($1, $2) ON CONFLICT (tag_type, tag) DO "
                        + "UPDATE SET tag = excluded.tag RETURNING id").execute(Tuple.of(TAG_TYPE, name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Whether section {@code sectionId} already has a collection with that tag (title). */
    public Uni<Boolean> taken(SqlConnection conn, long sectionId, long tagId) {
        return conn.preparedQuery("SELECT 1 FROM collection WHERE section_id = $1 AND tag_id = $2")
                .execute(Tuple.of(sectionId, tagId)).map(rows -> rows.rowCount() > 0);
    }

    /** A new collection; its id. */
    public Uni<Long> insert(SqlConnection conn, long sectionId, long tagId, String title, int subtype) {
        return conn.preparedQuery("INSERT INTO collection (section_id, tag_id, guid, title, title_search, subtype) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                .execute(Tuple.from(new Object[] {sectionId, tagId, "collection://" + UUID.randomUUID(), title,
                    ScanStore.search(title), subtype}))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> addMembers(SqlConnection conn, long tagId, List<Member> members) {
        if (members.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO item_tag (item_id, tag_id) SELECT x, $2 FROM unnest($1::bigint[]) x "
                        + "ON CONFLICT DO NOTHING")
                .execute(Tuple.of(members.stream().map(Member::id).toArray(Long[]::new), tagId)).replaceWithVoid();
    }

    /** Takes an item of the section out of the collection; whether it was in. */
    public Uni<Boolean> removeMember(SqlConnection conn, CollectionRow c, long itemId) {
        return conn.preparedQuery("DELETE FROM item_tag WHERE tag_id = $1 AND item_id = $2 AND item_id IN "
                        + "(SELECT id FROM item WHERE section_id = $3)")
                .execute(Tuple.of(c.tagId(), itemId, c.sectionId())).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Void> touch(SqlConnection conn, long id) {
        return conn.preparedQuery("UPDATE collection SET updated_at = now() WHERE id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Deletes the collection (its items stay); the members it had. */
    public Uni<List<Member>> delete(SqlConnection conn, CollectionRow c) {
        return conn.preparedQuery("DELETE FROM item_tag it USING item i WHERE it.tag_id = $1 AND i.id = it.item_id "
                        + "AND i.section_id = $2 RETURNING i.id, i.section_id, i.type, i.title, i.rating_age")
                .execute(Tuple.of(c.tagId(), c.sectionId())).map(CollectionRepository::members)
                .call(() -> conn.preparedQuery("DELETE FROM collection WHERE id = $1").execute(Tuple.of(c.id())));
    }

    /** Moves the members of the section from tag {@code from} to tag {@code to}. */
    public Uni<Void> moveMembers(SqlConnection conn, long sectionId, long from, long to) {
        return conn.preparedQuery("INSERT INTO item_tag (item_id, tag_id) SELECT it.item_id, $2 FROM item_tag it "
                        + "JOIN item i ON i.id = it.item_id WHERE it.tag_id = $1 AND i.section_id = $3 ON CONFLICT "
                        + "DO NOTHING").execute(Tuple.of(from, to, sectionId))
                .chain(() -> conn.preparedQuery("DELETE FROM item_tag it USING item i WHERE it.tag_id = $1 AND "
                        + "i.id = it.item_id AND i.section_id = $2").execute(Tuple.of(from, sectionId)))
                .replaceWithVoid();
    }

    public Uni<Void> rename(SqlConnection conn, long id, long tagId, String title) {
        return conn.preparedQuery("UPDATE collection SET tag_id = $2, title = $3, title_search = $4, "
                        + "updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id, tagId, title, ScanStore.search(title))).replaceWithVoid();
    }

    /**
     * A collection with its count and picture as the caller sees them: members above a managed user's rating
     * limit are neither counted nor shown as its thumb. The limit is an integer from the database, inlined so
     * that every caller's parameter numbering stays as it is.
     */
    private static String select(SectionAccess.Scope scope) {
        String members = MEMBERS + (scope.maxAge() == null ? ""
                : " AND (i.rating_age IS NULL OR i.rating_age <= " + scope.maxAge().intValue() + ")");
        return "SELECT c.*, s.name AS s_name, s.uuid AS s_uuid, (SELECT count(*)" + members
                + ") AS child_count, (SELECT '/library/metadata/' || i.id || '/thumb/' || extract(epoch FROM "
                + "a.updated_at)::bigint" + members.replace(" WHERE", " JOIN artwork a ON a.item_id = i.id AND "
                + "a.kind = 'thumb' WHERE") + MEMBER_ORDER + " LIMIT 1) AS thumb FROM collection c JOIN section s ON "
                + "s.id = c.section_id WHERE ($1::bigint[] IS NULL OR c.section_id = ANY($1)) ";
    }

    private static String where(SectionAccess.Scope scope, long sectionId, String title, List<Object> params) {
        params.add(scope.idsOrNull());
        params.add(sectionId);
        if (title == null) {
            return " AND c.section_id = $2";
        }
        params.add(Like.containing(title));
        return " AND c.section_id = $2 AND c.title_search LIKE $3";
    }

    private static String membersOf(SectionAccess.Scope scope, List<Object> params) {
        return " FROM item_tag it JOIN item i ON i.id = it.item_id WHERE it.tag_id = $1 AND i.section_id = $2"
                + scope.ratingSql("i", params);
    }

    private static List<CollectionRow> rows(RowSet<Row> rows) {
        List<CollectionRow> out = new ArrayList<>();
        rows.forEach(r -> out.add(row(r)));
        return out;
    }

    private static CollectionRow row(Row r) {
        return new CollectionRow(r.getLong("id"), r.getLong("section_id"), r.getString("s_name"),
                r.getUUID("s_uuid"), r.getLong("tag_id"), r.getString("guid"), r.getString("title"),
                r.getInteger("subtype"), r.getOffsetDateTime("added_at"), r.getOffsetDateTime("updated_at"),
                r.getLong("child_count"), r.getString("thumb"));
    }

    private static List<Member> members(RowSet<Row> rows) {
        List<Member> out = new ArrayList<>();
        rows.forEach(r -> out.add(new Member(r.getLong("id"), r.getLong("section_id"), r.getInteger("type"),
                r.getString("title"), r.getInteger("rating_age"))));
        return out;
    }
}
