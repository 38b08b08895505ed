package io.cinemesh.library.metadata.service;

import io.cinemesh.library.scan.repository.ScanStore;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /library/sections/{id}/all?type=&id=&title.value=&title.locked=1}: hand edits of an item's fields.
 * An edited field is locked (unless {@code .locked=0} says otherwise), and the scanner leaves locked fields alone.
 */
@ApplicationScoped
public class FieldEditService {

    /** The editable fields, as Plex names them. */
    public static final List<String> FIELDS = List.of("title", "titleSort", "summary", "year",
            "originallyAvailableAt", "contentRating");

    @Inject
    Pool pool;
    @Inject
    AuditTrail audit;

    public Uni<Void> edit(Caller by, String from, long sectionId, String ids, Map<String, String> params) {
        if (!by.isOwner()) {
            throw new ForbiddenException("Only the server owner can edit library items");
        }
        if (ids == null || ids.isBlank()) {
            throw new BadRequestException("id (the item's ratingKey) is required");
        }
        List<Long> keys = new ArrayList<>();
        for (String s : ids.split(",")) {
            try {
                keys.add(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw new BadRequestException("id must be ratingKeys separated by commas (got '" + ids + "')");
            }
        }
        List<String> sets = new ArrayList<>();
        List<Object> values = new ArrayList<>(List.of(keys.toArray(Long[]::new), sectionId));
        List<String> lock = new ArrayList<>();
        List<String> unlock = new ArrayList<>();
        for (String f : FIELDS) {
            String v = params.get(f + ".value");
            String locked = params.get(f + ".locked");
            if (v != null) {
                set(f, v.trim(), sets, values);
                if (!"0".equals(locked)) {
                    lock.add(f);
                }
            }
            if ("1".equals(locked) && v == null) {
                lock.add(f);
            } else if ("0".equals(locked)) {
                unlock.add(f);
            }
        }
        if (sets.isEmpty() && lock.isEmpty() && unlock.isEmpty()) {
            throw new BadRequestException("nothing to change: send e.g. title.value=…; editable fields are "
                    + String.join(", ", FIELDS));
        }
        values.add(lock.toArray(String[]::new));
        int lockAt = values.size();
        values.add(unlock.toArray(String[]::new));
        sets.add("locked_fields = ARRAY(SELECT DISTINCT f FROM unnest(array_cat(locked_fields, $" + lockAt
                + "::text[])) f WHERE f <> ALL($" + (lockAt + 1) + "::text[]))");
        sets.add("updated_at = now()");
        String sql = "UPDATE item SET " + String.join(", ", sets) + " WHERE id = ANY($1) AND section_id = $2";
        return pool.withTransaction(conn -> conn.preparedQuery(sql).execute(Tuple.from(values)).chain(rows -> {
            if (rows.rowCount() != keys.size()) {
                throw new NotFoundException("No item with ratingKey " + ids + " in library section " + sectionId);
            }
            return audit.record(conn, by, "item.edit", "item:" + ids, from);
        }));
    }

    private static void set(String field, String v, List<String> sets, List<Object> values) {
        switch (field) {
            case "title" -> {
                if (v.isEmpty()) {
                    throw new BadRequestException("title.value must not be empty");
                }
                values.add(v);
                int i = values.size();
                values.add(ScanStore.search(v));
                values.add(ScanStore.sortTitle(v));
                // An explicit titleSort wins over the one derived from the title.
                sets.add("title = $" + i);
                sets.add("title_search = $" + (i + 1));
                sets.add("title_sort = CASE WHEN 'titleSort' = ANY(locked_fields) THEN title_sort ELSE $" + (i + 2)
                        + " END");
            }
            case "titleSort" -> {
                values.add(ScanStore.sortTitle(v.isEmpty() ? "" : v));
                sets.add("title_sort = $" + values.size());
            }
            case "summary" -> {
                values.add(v);
                sets.add("summary = $" + values.size());
            }
            case "year" -> {
                try {
                    values.add(v.isEmpty() ? null : Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw new BadRequestException("year.value must be a year (got '" + v + "')");
                }
                sets.add("year = $" + values.size());
            }
            case "originallyAvailableAt" -> {
                try {
                    values.add(v.isEmpty() ? null : LocalDate.parse(v));
                } catch (DateTimeParseException e) {
                    throw new BadRequestException("originallyAvailableAt.value must be YYYY-MM-DD (got '" + v + "')");
                }
                sets.add("originally_available_at = $" + values.size());
            }
            case "contentRating" -> {
                if (v.length() > 32 || !v.matches("[\\p{L}\\p{N} +/._-]*")) {
                    throw new BadRequestException("contentRating.value must be a rating such as PG-13, TV-MA or "
                            + "gb/15 (at most 32 letters, digits, spaces and + / . _ -)");
                }
                values.add(v.isEmpty() ? null : v);
                sets.add("content_rating = $" + values.size());
            }
            default -> throw new IllegalStateException(field);
        }
    }
}
