package io.cinemesh.library.metadata.service;

import io.cinemesh.library.metadata.repository.ItemEdit;
import io.cinemesh.library.metadata.repository.ItemEdits;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    ItemEdits edits;
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
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> lock = new ArrayList<>();
        List<String> unlock = new ArrayList<>();
        for (String f : FIELDS) {
            String v = params.get(f + ".value");
            String locked = params.get(f + ".locked");
            if (v != null) {
                values.put(f, value(f, v.trim()));
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
        ItemEdit edit = new ItemEdit(values, lock, unlock);
        if (edit.isEmpty()) {
            throw new BadRequestException("nothing to change: send e.g. title.value=…; editable fields are "
                    + String.join(", ", FIELDS));
        }
        return edits.inTransaction(conn -> edits.apply(conn, keys, sectionId, edit).chain(updated -> {
            if (updated != keys.size()) {
                throw new NotFoundException("No item with ratingKey " + ids + " in library section " + sectionId);
            }
            return audit.record(conn, by, "item.edit", "item:" + ids, from);
        }));
    }

    /** A field's new value, checked; null clears it. */
    private static Object value(String field, String v) {
        return switch (field) {
            case "title" -> {
                if (v.isEmpty()) {
                    throw new BadRequestException("title.value must not be empty");
                }
                yield v;
            }
            case "titleSort", "summary" -> v;
            case "year" -> {
                try {
                    yield v.isEmpty() ? null : Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new BadRequestException("year.value must be a year (got '" + v + "')");
                }
            }
            case "originallyAvailableAt" -> {
                try {
                    yield v.isEmpty() ? null : LocalDate.parse(v);
                } catch (DateTimeParseException e) {
                    throw new BadRequestException("originallyAvailableAt.value must be YYYY-MM-DD (got '" + v + "')");
                }
            }
            case "contentRating" -> {
                if (v.length() > 32 || !v.matches("[\\p{L}\\p{N} +/._-]*")) {
                    throw new BadRequestException("contentRating.value must be a rating such as PG-13, TV-MA or "
                            + "gb/15 (at most 32 letters, digits, spaces and + / . _ -)");
                }
                yield v.isEmpty() ? null : v;
            }
            default -> throw new IllegalStateException(field);
        };
    }
}
