package io.cinemesh.library.tag.repository;

import io.cinemesh.library.access.service.SectionAccess;
import io.cinemesh.sql.Like;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Tags and the values items carry, as searches and filter choice lists read them; always within the caller's scope. */
@ApplicationScoped
public class TagRepository {

    /** A tag within one section: the items of that section carrying it, of the topmost type that does. */
    public record TagInSection(long id, String tag, int tagType, long sectionId, String sectionName,
            String sectionType, int itemType, long items) {
    }

    /** A value a filter can take, and how it reads. */
    public record Choice(String key, String title) {
    }

    /** A first character of sort titles ('#' for anything but a letter) and how many items start with it. */
    public record FirstCharacter(String character, long items) {
    }

    @Inject
    Pool pool;

    /**
     * Tags of these types whose names contain {@code query} (lower-cased), up to {@code perType} per type: exact
     * names first, then names starting with the query, then by name.
     */
    public Uni<List<TagInSection>> search(SectionAccess.Scope scope, List<Integer> tagTypes, String query,
            int perType, Long sectionId) {
        List<Object> params = new ArrayList<>(List.of(tagTypes.toArray(Integer[]::new), query, Like.prefix(query),
                Like.containing(query), perType));
        String vis = "";
        if (sectionId != null) {
            params.add(sectionId);
            vis += " AND i.section_id = $" + params.size();
        }
        vis += scope.sql("i", params);
        String sql = "SELECT * FROM (SELECT t.id, t.tag, t.tag_type, i.section_id, s.name, s.type AS s_type, "
                + "s.uuid, count(DISTINCT i.id) AS n, min(i.type) AS item_type, row_number() OVER (PARTITION BY "
                + "t.tag_type ORDER BY (lower(t.tag) = $2) DESC, (lower(t.tag) LIKE $3) DESC, lower(t.tag), t.id, "
                + "i.section_id) AS rn FROM tag t JOIN item_tag it ON it.tag_id = t.id JOIN item i ON i.id = "
                + "it.item_id JOIN section s ON s.id = i.section_id WHERE t.tag_type = ANY($1) AND lower(t.tag) LIKE "
                + "$4" + vis + " GROUP BY t.id, t.tag, t.tag_type, i.section_id, s.name, s.type, s.uuid) ranked "
                + "WHERE rn <= $5 ORDER BY tag_type, rn";
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<TagInSection> out = new ArrayList<>();
            rows.forEach(r -> out.add(new TagInSection(r.getLong("id"), r.getString("tag"), r.getInteger("tag_type"),
                    r.getLong("section_id"), r.getString("name"), r.getString("s_type"), r.getInteger("item_type"),
                    r.getLong("n"))));
            return out;
        });
    }

    /** The distinct values of an item column ({@code i.…}) among a section's items of one type. */
    public Uni<List<String>> columnValues(SectionAccess.Scope scope, long sectionId, int type, String column,
            boolean descending) {
        return pool.preparedQuery("SELECT DISTINCT " + column + " AS v FROM item i WHERE section_id = $1 AND type = $2 "
                        + "AND " + column + " IS NOT NULL" + SectionAccess.Scope.ratingSql("i", 3) + " ORDER BY v"
                        + (descending ? " DESC" : ""))
                .execute(Tuple.of(sectionId, type, scope.maxAge())).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getValue(0).toString()));
                    return out;
                });
    }

    /** The tags of one type on a section's items of one type, by name: key = the tag's id. */
    public Uni<List<Choice>> tags(SectionAccess.Scope scope, long sectionId, int type, int tagType) {
        return pool.preparedQuery("SELECT DISTINCT t.id, t.tag, lower(t.tag) FROM tag t JOIN item_tag it ON it.tag_id "
                        + "= t.id JOIN item i ON i.id = it.item_id WHERE i.section_id = $1 AND i.type = $2 AND "
                        + "t.tag_type = $3" + SectionAccess.Scope.ratingSql("i", 4) + " ORDER BY lower(t.tag), t.id")
                .execute(Tuple.of(sectionId, type, tagType, scope.maxAge())).map(rows -> {
                    List<Choice> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Choice(r.getLong(0).toString(), r.getString(1))));
                    return out;
                });
    }

    public Uni<List<FirstCharacter>> firstCharacters(SectionAccess.Scope scope, long sectionId, int type) {
        return pool.preparedQuery("SELECT CASE WHEN left(title_sort, 1) ~ '^[[:alpha:]]' THEN upper(left(title_sort, "
                        + "1)) ELSE '#' END AS c, count(*) AS n FROM item i WHERE section_id = $1 AND type = $2"
                        + SectionAccess.Scope.ratingSql("i", 3) + " GROUP BY c ORDER BY c")
                .execute(Tuple.of(sectionId, type, scope.maxAge())).map(rows -> {
                    List<FirstCharacter> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new FirstCharacter(r.getString("c"), r.getLong("n"))));
                    return out;
                });
    }
}
