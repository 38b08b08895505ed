package io.cinemesh.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LikeTest {

    @Test
    void wildcardsAndTheEscapeAreMatchedLiterally() {
        assertEquals("100\\%", Like.literal("100%"));
        assertEquals("a\\_b", Like.literal("a_b"));
        assertEquals("c:\\\\temp", Like.literal("c:\\temp"));
        assertEquals("the matrix", Like.literal("the matrix"));
    }

    @Test
    void prefixAndContainingWrapTheEscapedText() {
        assertEquals("share.\\_%", Like.prefix("share._"));
        assertEquals("%50\\% off%", Like.containing("50% off"));
    }
}
