package io.cinemesh.gateway.notify.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The scale of library-service's migration V5, as docs/admin-api.md lists it. */
class RatingScaleTest {

    @Test
    void limitsMapToTheLibrarysAges() {
        assertEquals(0, RatingScale.limitAge("G"));
        assertEquals(0, RatingScale.limitAge("TV-Y"));
        assertEquals(7, RatingScale.limitAge("TV-Y7"));
        assertEquals(8, RatingScale.limitAge("TV-G"));
        assertEquals(10, RatingScale.limitAge("PG"));
        assertEquals(10, RatingScale.limitAge(" tv-pg "));
        assertEquals(13, RatingScale.limitAge("PG-13"));
        assertEquals(13, RatingScale.limitAge("us/PG-13"));
        assertEquals(14, RatingScale.limitAge("TV-14"));
        assertEquals(17, RatingScale.limitAge("R"));
        assertEquals(18, RatingScale.limitAge("NC-17"));
        assertEquals(15, RatingScale.limitAge("gb/15"));
        assertEquals(15, RatingScale.limitAge("au/MA15+"));
        assertEquals(18, RatingScale.limitAge("de/21"));
    }

    @Test
    void noLimitIsNullAndAnUnknownLimitIsTheStrictest() {
        assertNull(RatingScale.limitAge(null));
        assertNull(RatingScale.limitAge("  "));
        assertEquals(0, RatingScale.limitAge("Kids only"));
    }
}
