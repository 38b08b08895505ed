package io.cinemesh.library.metadata.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.library.access.service.SectionAccess;
import jakarta.ws.rs.WebApplicationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The Media Query parser is where a client's query string turns into SQL: the place an injection would live. For
 * any query a client can send (known and unknown fields, every operator, the {@code push/pop/or/and} groupings,
 * broken percent-escapes, values full of SQL and quote characters), it either builds a query or refuses with a
 * 4xx, and no value the client chose ever appears in the SQL text: values travel only as bind parameters.
 */
class MediaQueryFuzzTest {

    /** Marks every client-chosen value, so the SQL text can be searched for it. */
    private static final String MARK = "zq";

    @Property(tries = 3000)
    void anyQueryEitherParsesWithBoundValuesOrIsRefusedWithA4xx(@ForAll("queries") String rawQuery) {
        MediaQuery q;
        try {
            q = MediaQuery.parse(1, rawQuery, 1L, 1, new SectionAccess.Scope(false, List.of(1L, 2L), 13));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            assertTrue(status >= 400 && status < 500, "refused with " + status + " for " + rawQuery);
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal says why: " + rawQuery);
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("parsed");
        String sql = q.pageSql(0, 50) + " " + q.countSql();
        assertFalse(sql.toLowerCase().contains(MARK), "a client value reached the SQL text: " + rawQuery + "\n" + sql);
        long placeholders = sql.chars().filter(c -> c == '$').count();
        assertTrue(placeholders > 0, "the scope and type are bound, not inlined: " + sql);
        assertTrue(q.countParams().size() <= q.params().size());
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> one = Combinators.combine(keys(), operators(), values())
                .as((k, op, v) -> enc(k + op) + "=" + enc(v));
        Arbitrary<String> raw = Arbitraries.strings().withChars("%&=+!<>.'\";-#\\ ()").ofMaxLength(12)
                .map(s -> MARK + s);
        return Arbitraries.oneOf(one, one, one, raw).list().ofMaxSize(8).map(l -> String.join("&", l));
    }

    private static Arbitrary<String> keys() {
        List<String> keys = new ArrayList<>();
        for (QueryFields.Field f : QueryFields.FIELDS) {
            keys.add(f.key());
            for (String scope : List.of("movie", "show", "season", "episode", "artist", "album", "track", "1",
                    "2", "4", "8", "9", "10", "13", "photo", "nope")) {
                keys.add(scope + "." + f.key());
            }
        }
        keys.addAll(List.of("type", "sort", "limit", "includeMeta", "push", "pop", "or", "and", "X-Plex-Token",
                "title.", ".title", "", "unknownField", MARK + "field", "libtype", "maxresults", "filters",
                "title__iexact", "year__gte", "title__" + MARK, "studio", "firstCharacter", "decade"));
        return Arbitraries.oneOf(Arbitraries.of(keys), Arbitraries.strings().ofMaxLength(10).map(s -> MARK + s));
    }

    private static Arbitrary<String> operators() {
        return Arbitraries.of("", "!", ">>", "<<", ">", "<", "=", "!=", "==", ">=", "<=", "&", "%");
    }

    private static Arbitrary<String> values() {
        Arbitrary<String> sorts = Arbitraries.of(QueryFields.SORTS.keySet().stream()
                .flatMap(s -> java.util.stream.Stream.of(s, s + ":desc", s + ":asc", s + ":" + MARK)).toList());
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf), Arbitraries.of("1", "0", "-1", "1e9", "0x10", "2020-01-01",
                        "-30d", "-2w", "-999999999999y", "99999999999999999999", "", " ", "true", "mon"));
        Arbitrary<String> marked = Arbitraries.strings().ofMaxLength(16).map(s -> MARK + s);
        Arbitrary<String> sqlish = Arbitraries.of("' OR 1=1 --", "\"; DROP TABLE item; --", "%", "_", "\\", "$1",
                "%%", "' || (SELECT 1) || '", "\u0000", "é", "Amélie").map(s -> MARK + s);
        // Numbers and sort keys carry no mark: they are valid SQL literals only where the parser checked them.
        // @ctrl/plex's filters={...}: JSON whose keys and values are the client's too.
        Arbitrary<String> json = Combinators.combine(Arbitraries.of("title", "artist.id", "year", "genre", "or",
                "and", MARK), Arbitraries.oneOf(marked.map(v -> "\"" + v.replace("\\", "").replace("\"", "")
                + "\""), Arbitraries.of("1", "[1,2]", "true", "null", "{}", "[{\"year\":1},{\"title\":\"" + MARK
                + "\"}]", "[]"))).as((k, v) -> "{\"" + k + "\":" + v + "}");
        return Arbitraries.oneOf(sorts, numbers, marked, sqlish, json);
    }

    private static String enc(String s) {
        // Some pairs keep raw characters on purpose: a client's query string need not be well encoded.
        return s.hashCode() % 5 == 0 ? s : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
