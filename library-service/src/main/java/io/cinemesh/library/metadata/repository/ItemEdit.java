package io.cinemesh.library.metadata.repository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand edit of items' fields, checked: the new values by Plex field name (a null value clears the field), the
 * fields to lock and the fields to unlock. A locked field is one the scanner leaves alone.
 *
 * @param values {@code title} (String), {@code titleSort} (String), {@code summary} (String), {@code year}
 *     (Integer), {@code originallyAvailableAt} (LocalDate), {@code contentRating} (String)
 */
public record ItemEdit(Map<String, Object> values, List<String> lock, List<String> unlock) {

    public ItemEdit {
        values = new LinkedHashMap<>(values);
        lock = List.copyOf(lock);
        unlock = List.copyOf(unlock);
    }

    public boolean isEmpty() {
        return values.isEmpty() && lock.isEmpty() && unlock.isEmpty();
    }
}
