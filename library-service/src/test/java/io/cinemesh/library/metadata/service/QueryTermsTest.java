package io.cinemesh.library.metadata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.BadRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What @ctrl/plex's object model sends, read as the PMS query it means. */
class QueryTermsTest {

    private static List<String> terms(String raw) {
        return QueryTerms.of(raw).stream().map(kv -> kv[0] + "=" + kv[1]).toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void pmsFormPassesThroughInOrderWithItsOperators() {
        assertEquals(List.of("type=9", "year>>=1990", "title!=x", "sort=titleSort:desc"),
                terms("type=9&year%3E%3E=1990&title!=x&sort=titleSort:desc"));
    }

    @Test
    void artistAlbumsOfCtrlPlex() {
        // Artist.album("Layers"): search({libtype:'album', title__iexact:'Layers', filters:{'artist.id': '7'}})
        String raw = "libtype=album&title__iexact=Layers&filters=" + enc("{\"artist.id\":\"7\"}") + "&type=9";
        assertEquals(List.of("title==Layers", "artist.id=7", "type=9"), terms(raw));
    }

    @Test
    void libtypeAndMaxresultsStandForTypeAndLimit() {
        assertEquals(List.of("limit=50", "sort=episode.addedAt:desc", "type=episode"),
                terms("maxresults=50&sort=episode.addedAt:desc&libtype=episode"));
    }

    @Test
    void djangoOperatorsBecomePmsOperators() {
        assertEquals(List.of("year>>=2000", "year>=2000", "year<<=2000", "year<=2000", "title!=a", "title<=a",
                "title>=a", "title=a", "genre=1,2"), terms("year__gt=2000&year__gte=2000&year__lt=2000"
                + "&year__lte=2000&title__ne=a&title__startswith=a&title__endswith=a&title__icontains=a"
                + "&genre__in=1,2"));
        BadRequestException e = assertThrows(BadRequestException.class, () -> terms("title__regex=a.*"));
        assertTrue(e.getMessage().contains("__regex"), e.getMessage());
    }

    @Test
    void jsonFiltersWithOrAndListsBecomeGroups() {
        String json = "{\"or\":[{\"year\":1999},{\"genre\":[1,2],\"unwatched\":true}],\"artist.title\":\"Björk\"}";
        assertEquals(List.of("push=1", "push=1", "year=1999", "pop=1", "or=1", "push=1", "genre=1,2", "unwatched=1",
                "pop=1", "pop=1", "artist.title=Björk"), terms("filters=" + enc(json)));
    }

    @Test
    void brokenFiltersAreA400ThatSaysWhy() {
        for (String bad : List.of("{", "[1]", "{\"year\":null}", "{\"or\":[]}", "{\"or\":[1]}", "{\"x\":{\"y\":1}}")) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> terms("filters=" + enc(bad)), bad);
            assertTrue(e.getMessage().startsWith("filters"), e.getMessage());
        }
        assertThrows(BadRequestException.class, () -> terms("title=%zz"));
    }
}
