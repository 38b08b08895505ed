package io.cinemesh.library.metadata.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.BadRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A section search's query string as ordered key/value pairs in PMS's own form, the form {@link MediaQuery} reads.
 * Keys keep their operator characters ({@code year>>}, {@code title!}). Besides PMS's form it takes what
 * @ctrl/plex sends from its object model, which passes python-plexapi's arguments through as they are:
 * {@code libtype=album} for {@code type}, {@code maxresults} for {@code limit}, {@code filters={"artist.id":"7"}}
 * as JSON (with {@code and}/{@code or} lists, as python-plexapi's {@code filters} dict), and Django-style operators
 * ({@code title__iexact=Layers}). Without this its {@code artist.albums()} and {@code artist.album(title)} got every
 * album of the section.
 */
final class QueryTerms {

    private static final Pattern SUFFIXED = Pattern.compile("([A-Za-z][A-Za-z.]*)__([a-z]+)");

    /** Django-style operator → PMS key suffix and value prefix. */
    private static final Map<String, String[]> OPERATORS = Map.ofEntries(
            Map.entry("exact", new String[] {"", "="}), Map.entry("iexact", new String[] {"", "="}),
            Map.entry("contains", new String[] {"", ""}), Map.entry("icontains", new String[] {"", ""}),
            Map.entry("in", new String[] {"", ""}), Map.entry("ne", new String[] {"!", ""}),
            Map.entry("startswith", new String[] {"<", ""}), Map.entry("istartswith", new String[] {"<", ""}),
            Map.entry("endswith", new String[] {">", ""}), Map.entry("iendswith", new String[] {">", ""}),
            Map.entry("gt", new String[] {">>", ""}), Map.entry("gte", new String[] {">", ""}),
            Map.entry("lt", new String[] {"<<", ""}), Map.entry("lte", new String[] {"<", ""}));

    /** JSON filters nest no deeper than a query string's push/pop may. */
    private static final int MAX_DEPTH = Grouping.MAX_DEPTH;

    private QueryTerms() {
    }

    static List<String[]> of(String raw) {
        List<String[]> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        boolean typed = false;
        List<String[]> decoded = new ArrayList<>();
        for (String p : raw.split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String k = decode(eq < 0 ? p : p.substring(0, eq));
            String v = eq < 0 ? "" : decode(p.substring(eq + 1));
            typed |= k.equals("type");
            decoded.add(new String[] {k, v});
        }
        for (String[] kv : decoded) {
            switch (kv[0]) {
                case "libtype" -> {
                    if (!typed) {
                        out.add(new String[] {"type", kv[1]});
                    }
                }
                case "maxresults" -> out.add(new String[] {"limit", kv[1]});
                case "filters" -> filters(kv[1], out);
                default -> out.add(term(kv[0], kv[1]));
            }
        }
        return out;
    }

    private static String[] term(String key, String value) {
        Matcher m = SUFFIXED.matcher(key);
        if (!m.matches()) {
            return new String[] {key, value};
        }
        String[] op = OPERATORS.get(m.group(2));
        if (op == null) {
            throw new BadRequestException("the operator __" + m.group(2) + " in '" + key + "' is not supported; "
                    + "use one of __" + String.join(", __", OPERATORS.keySet().stream().sorted().toList()));
        }
        return new String[] {m.group(1) + op[0], op[1] + value};
    }

    private static void filters(String json, List<String[]> out) {
        JsonObject object;
        try {
            object = new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            throw new BadRequestException("filters must be a JSON object of field → value, not '" + json + "'");
        }
        conditions(object, out, 0);
    }

    /** One object: its entries AND-ed; {@code and}/{@code or} lists become push/pop groups. */
    private static void conditions(JsonObject object, List<String[]> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new BadRequestException("filters nest deeper than " + MAX_DEPTH + " levels");
        }
        for (Map.Entry<String, Object> e : object) {
            String key = e.getKey();
            Object value = e.getValue();
            if ((key.equals("and") || key.equals("or")) && value instanceof JsonArray list) {
                if (list.isEmpty()) {
                    throw new BadRequestException("filters: '" + key + "' holds no condition");
                }
                out.add(new String[] {"push", "1"});
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.getValue(i) instanceof JsonObject member)) {
                        throw new BadRequestException("filters: each member of '" + key + "' must be an object");
                    }
                    if (i > 0) {
                        out.add(new String[] {key, "1"});
                    }
                    out.add(new String[] {"push", "1"});
                    conditions(member, out, depth + 1);
                    out.add(new String[] {"pop", "1"});
                }
                out.add(new String[] {"pop", "1"});
            } else {
                out.add(term(key, value(key, value)));
            }
        }
    }

    private static String value(String key, Object value) {
        if (value instanceof JsonArray list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(value(key, v)));
            return String.join(",", parts);
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value == null || value instanceof JsonObject) {
            throw new BadRequestException("filters: '" + key + "' needs a value, a number or a list of them");
        }
        return value.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A stray '%' is the client's mistake, not the server's: say which part of the query is broken.
            throw new BadRequestException("the query string is not percent-encoded correctly near '" + s + "'");
        }
    }
}
