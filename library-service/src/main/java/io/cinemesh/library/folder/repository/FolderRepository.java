package io.cinemesh.library.folder.repository;

import io.cinemesh.library.access.service.SectionAccess;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * A section's folders as its part files name them (stored relative to the media root), read from the database
 * alone: the file system is never asked, so a folder exists here exactly when a visible item's file lies in it.
 */
@ApplicationScoped
public class FolderRepository {

    /** What lies directly in a folder: sub-folder paths (relative to the media root) and items, by file name. */
    public record Listing(List<String> folders, List<Long> itemIds) {
    }

    @Inject
    Pool pool;

    /** The section's folder paths ("" for the media root itself). */
    public Uni<List<String>> locations(long sectionId) {
        return pool.preparedQuery("SELECT path FROM section_location WHERE section_id = $1 ORDER BY path")
                .execute(Tuple.of(sectionId)).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /**
     * What lies directly under any of {@code folders} (relative paths; "" is the media root) in the section, for
     * items the scope lets the caller see: a folder holding only hidden items is not listed.
     */
    public Uni<Listing> list(long sectionId, List<String> folders, SectionAccess.Scope scope) {
        String[] prefixes = folders.stream().map(f -> f.isEmpty() ? "" : f + "/").toArray(String[]::new);
        List<Object> params = new ArrayList<>(List.of(sectionId, prefixes));
        String under = " FROM media_part mp JOIN item i ON i.id = mp.item_id JOIN unnest($2::text[]) AS l(p) ON "
                + "starts_with(mp.file, l.p) WHERE mp.section_id = $1" + scope.ratingSql("i", params);
        String rest = "substr(mp.file, length(l.p) + 1)";
        Tuple args = Tuple.from(params);
        Uni<List<String>> subfolders = pool.preparedQuery("SELECT DISTINCT l.p || split_part(" + rest + ", '/', 1) "
                + "AS f" + under + " AND strpos(" + rest + ", '/') > 0 ORDER BY f").execute(args).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
        Uni<List<Long>> items = pool.preparedQuery("SELECT mp.item_id, min(mp.file) AS f" + under + " AND strpos("
                + rest + ", '/') = 0 GROUP BY mp.item_id ORDER BY f, mp.item_id").execute(args).map(rows -> {
                    List<Long> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getLong(0)));
                    return out;
                });
        return Uni.combine().all().unis(subfolders, items).asTuple()
                .map(t -> new Listing(t.getItem1(), t.getItem2()));
    }
}
