package io.cinemesh.sql;

/**
 * A user's text as a PostgreSQL LIKE pattern that matches that text literally: a search for "100%" or "a_b" must
 * not match every title. Backslash is PostgreSQL's default LIKE escape, so the statement needs no ESCAPE clause.
 */
public final class Like {

    private Like() {
    }

    /** {@code text} with LIKE's wildcards and its escape character escaped. */
    public static String literal(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A pattern for values that start with {@code text}. */
    public static String prefix(String text) {
        return literal(text) + "%";
    }

    /** A pattern for values that contain {@code text}. */
    public static String containing(String text) {
        return "%" + literal(text) + "%";
    }
}
