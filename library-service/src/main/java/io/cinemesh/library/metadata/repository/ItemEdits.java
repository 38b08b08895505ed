package io.cinemesh.library.metadata.repository;

import io.cinemesh.library.scan.repository.ScanStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Writes hand edits of items' fields ({@link ItemEdit}) and their locks, in one statement per edit. */
@ApplicationScoped
public class ItemEdits {

    /** Each editable Plex field's column. */
    private static final Map<String, String> COLUMNS = Map.of("titleSort", "title_sort", "summary", "summary",
            "year", "year", "originallyAvailableAt", "originally_available_at", "contentRating", "content_rating");

    @Inject
    Pool pool;

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Applies the edit to the items of section {@code sectionId} with these ids; how many there were. */
    public Uni<Integer> apply(SqlConnection conn, List<Long> ids, long sectionId, ItemEdit edit) {
        List<String> sets = new ArrayList<>();
        List<Object> values = new ArrayList<>(List.of(ids.toArray(Long[]::new), sectionId));
        edit.values().forEach((field, value) -> {
            if (field.equals("title")) {
                String title = (String) value;
                values.add(title);
                int i = values.size();
                values.add(ScanStore.search(title));
                values.add(ScanStore.sortTitle(title));
                // An explicit titleSort wins over the one derived from the title.
                sets.add("title = $" + i);
                sets.add("title_search = $" + (i + 1));
                sets.add("title_sort = CASE WHEN 'titleSort' = ANY(locked_fields) THEN title_sort ELSE $" + (i + 2)
                        + " END");
            } else {
                values.add(field.equals("titleSort") ? ScanStore.sortTitle((String) value) : value);
                sets.add(COLUMNS.get(field) + " = $" + values.size());
            }
        });
        values.add(edit.lock().toArray(String[]::new));
        int lockAt = values.size();
        values.add(edit.unlock().toArray(String[]::new));
        sets.add("locked_fields = ARRAY(SELECT DISTINCT f FROM unnest(array_cat(locked_fields, $" + lockAt
                + "::text[])) f WHERE f <> ALL($" + (lockAt + 1) + "::text[]))");
        sets.add("updated_at = now()");
        return conn.preparedQuery("UPDATE item SET " + String.join(", ", sets) + " WHERE id = ANY($1) AND "
                + "section_id = $2").execute(Tuple.from(values)).map(rows -> rows.rowCount());
    }
}
