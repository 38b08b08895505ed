package io.cinemesh.library.metadata.service;

import jakarta.ws.rs.BadRequestException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The boolean structure of a Media Query: filters are AND-ed, {@code or=1} between two filters makes that join an
 * OR, {@code and=1} states the AND explicitly (python-plexapi sends it for {@code filters={'and': [...]}}), and
 * {@code push=1} … {@code pop=1} are parentheses. {@code push=1&year=1999&or=1&year=2001&pop=1&genre=5} is
 * (year = 1999 OR year = 2001) AND genre = 5. Inside a group AND binds tighter than OR, as in SQL. A grouping
 * that does not add up (a {@code pop} without its {@code push}, an {@code or} with nothing on one side, an empty
 * group) is a 400 rather than a guess.
 */
final class Grouping {

    static final Set<String> KEYS = Set.of("push", "pop", "or", "and");

    /** Deep enough for any real client, small enough that a query string cannot build an unbounded tree. */
    static final int MAX_DEPTH = 16;

    /** One level of parentheses: OR of AND-ed terms. */
    private static final class Group {
        final List<List<String>> anyOf = new ArrayList<>();
        /** The connector waiting for its right-hand filter: "or", "and", or null. */
        String pending;

        void term(String sql) {
            if (anyOf.isEmpty() || "or".equals(pending)) {
                anyOf.add(new ArrayList<>());
            }
            anyOf.get(anyOf.size() - 1).add(sql);
            pending = null;
        }

        void connector(String which) {
            if (anyOf.isEmpty() || pending != null) {
                throw new BadRequestException(which + "=1 must come between two filters");
            }
            pending = which;
        }

        String sql() {
            if (pending != null) {
                throw new BadRequestException(pending + "=1 must be followed by a filter");
            }
            List<String> ors = anyOf.stream().map(all -> all.size() == 1 ? all.get(0)
                    : "(" + String.join(" AND ", all) + ")").toList();
            return ors.size() == 1 ? ors.get(0) : "(" + String.join(" OR ", ors) + ")";
        }
    }

    private final Deque<Group> open = new ArrayDeque<>(List.of(new Group()));

    /** A {@code push}, {@code pop}, {@code or} or {@code and} parameter, in query order. */
    void apply(String key, String value) {
        if (!value.trim().equals("1")) {
            throw new BadRequestException(key + " must be 1, not '" + value + "'");
        }
        switch (key) {
            case "push" -> {
                if (open.size() > MAX_DEPTH) {
                    throw new BadRequestException("push=1 nests deeper than " + MAX_DEPTH + " levels");
                }
                open.push(new Group());
            }
            case "pop" -> {
                if (open.size() == 1) {
                    throw new BadRequestException("pop=1 without a push=1 before it");
                }
                Group closed = open.pop();
                if (closed.anyOf.isEmpty()) {
                    throw new BadRequestException("push=1 … pop=1 holds no filter");
                }
                open.peek().term(closed.sql());
            }
            default -> open.peek().connector(key);
        }
    }

    /** A filter's SQL condition, joined to the current group. */
    void term(String sql) {
        open.peek().term(sql);
    }

    /** The whole condition, or empty when the query has no filter. */
    Optional<String> finish() {
        if (open.size() > 1) {
            throw new BadRequestException("push=1 without a pop=1 to close it");
        }
        Group top = open.peek();
        if (top.anyOf.isEmpty()) {
            if (top.pending != null) {
                throw new BadRequestException(top.pending + "=1 must come between two filters");
            }
            return Optional.empty();
        }
        return Optional.of(top.sql());
    }
}
