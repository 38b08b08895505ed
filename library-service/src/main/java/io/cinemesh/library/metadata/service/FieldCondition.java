package io.cinemesh.library.metadata.service;

import io.cinemesh.library.metadata.mapping.PlexTypes;
import io.cinemesh.library.metadata.service.QueryFields.Field;
import io.cinemesh.sql.Like;
import jakarta.ws.rs.BadRequestException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One field filter of a Media Query as SQL, by the field's kind and the operator's meaning in {@code <Meta>}: the
 * items without a value stay in "does not contain" and "is not", dates are whole seconds and days as a client sees
 * them, and a rating or first character is a label, not text. Values are bound through {@code bind}.
 */
final class FieldCondition {

    private FieldCondition() {
    }

    /** One filter as a parenthesised SQL condition (its comma-separated values already OR-ed). */
    static String sql(String alias, String watch, int level, Field f, String op, String rawValue,
            Function<Object, String> bind) {
        String[] values = rawValue.split(",");
        List<String> ors = new ArrayList<>();
        switch (f.kind()) {
            case STRING -> {
                for (String v : values) {
                    String lv = v.toLowerCase(Locale.ROOT);
                    String col = f.column().formatted(alias, watch);
                    String like = Like.literal(lv);
                    // A rating is a label, not text: contentRating=PG means PG, not PG-13 or TV-PG; so is a first
                    // character, where '#' stands for anything but a letter.
                    boolean label = f.key().equals("contentRating") || f.key().equals("firstCharacter");
                    String sop = label && op.equals("=") ? "==" : label && op.equals("!=") ? "!==" : op;
                    if (f.key().equals("firstCharacter") && lv.equals("#") && sop.endsWith("==")) {
                        ors.add((sop.equals("==") ? "" : "NOT ") + col + " !~ '^[[:alpha:]]'");
                        continue;
                    }
                    ors.add(switch (sop) {
                        case "=" -> col + " LIKE " + bind.apply("%" + like + "%");
                        // "does not contain" and "is not" keep the items without the field, as a client expects.
                        case "!=" -> "(" + col + " IS NULL OR " + col + " NOT LIKE " + bind.apply("%" + like + "%")
                                + ")";
                        case "==" -> col + " = " + bind.apply(lv);
                        case "!==" -> col + " IS DISTINCT FROM " + bind.apply(lv);
                        case "<=" -> col + " LIKE " + bind.apply(like + "%");
                        case ">=" -> col + " LIKE " + bind.apply("%" + like);
                        default -> throw new BadRequestException("operator " + op + " does not apply to " + f.key());
                    });
                }
            }
            case INTEGER -> {
                for (String v : values) {
                    String col = f.column().formatted(alias, watch);
                    String b = bind.apply((long) QueryFields.integer(f.key(), v));
                    ors.add(switch (op) {
                        case "=", "==" -> col + " = " + b;
                        case "!=", "!==" -> col + " IS DISTINCT FROM " + b;
                        case ">>=" -> col + " > " + b;
                        case "<<=" -> col + " < " + b;
                        case ">=" -> col + " >= " + b;
                        case "<=" -> col + " <= " + b;
                        default -> throw new BadRequestException("operator " + op + " does not apply to " + f.key());
                    });
                }
            }
            case DATE -> {
                for (String v : values) {
                    String col = f.column().formatted(alias, watch);
                    boolean dateOnly = f.column().contains("originally_available_at");
                    OffsetDateTime t = QueryFields.date(f.key(), v);
                    String b = dateOnly ? bind.apply(t.toLocalDate()) : bind.apply(t);
                    ors.add(switch (op) {
                        // "is" an instant means the same day; "is not" is everything else.
                        case "=", "==" -> dateOnly ? col + " = " + b
                                : col + " >= " + b + " AND " + col + " < " + b + " + interval '1 day'";
                        case "!=", "!==" -> dateOnly ? col + " IS DISTINCT FROM " + b : "(" + col + " IS NULL OR NOT ("
                                + col + " >= " + b + " AND " + col + " < " + b + " + interval '1 day'))";
                        // Clients see whole seconds: "after" the addedAt they were shown is after that second,
                        // not after its first instant (which the item itself, stored to the microsecond, is).
                        case ">>=", ">=" -> dateOnly ? col + " > " + b
                                : col + " >= " + b + "::timestamptz + interval '1 second'";
                        case "<<=", "<=" -> col + " < " + b;
                        default -> throw new BadRequestException("operator " + op + " does not apply to " + f.key());
                    });
                }
            }
            case BOOLEAN -> {
                boolean want = QueryFields.bool(f.key(), values[0]) ^ op.startsWith("!");
                String expr = f.key().equals("unwatched") ? unwatched(alias, watch, level)
                        : f.column().formatted(alias, watch);
                ors.add(want ? expr : "NOT (" + expr + ")");
            }
            case TAG -> {
                for (String v : values) {
                    String match;
                    try {
                        match = "t.id = " + bind.apply(Long.parseLong(v.trim()));
                    } catch (NumberFormatException e) {
                        match = "lower(t.tag) = " + bind.apply(v.trim().toLowerCase(Locale.ROOT));
                    }
                    String exists = "EXISTS (SELECT 1 FROM item_tag it JOIN tag t ON t.id = it.tag_id WHERE "
                            + "it.item_id = " + alias + ".id AND t.tag_type = " + f.column() + " AND " + match + ")";
                    ors.add(op.startsWith("!") ? "NOT " + exists : exists);
                }
            }
            default -> throw new IllegalStateException();
        }
        String joiner = op.startsWith("!") ? " AND " : " OR ";
        return "(" + String.join(joiner, ors) + ")";
    }

    private static String unwatched(String alias, String watch, int level) {
        if (PlexTypes.LEAVES.contains(level)) {
            return "coalesce(" + watch + ".view_count, 0) = 0";
        }
        return "EXISTS (SELECT 1 FROM item l LEFT JOIN watch_state lw ON lw.item_id = l.id AND lw.user_id = $1 "
                + "WHERE (l.parent_id = " + alias + ".id OR l.grandparent_id = " + alias + ".id) "
                + "AND l.type IN (1, 4, 10, 13) AND coalesce(lw.view_count, 0) = 0)";
    }

}
