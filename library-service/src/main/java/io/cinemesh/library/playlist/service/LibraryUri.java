package io.cinemesh.library.playlist.service;

import jakarta.ws.rs.BadRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a playlist or play queue {@code uri=} names: explicit items ({@code /library/metadata/1,2,3}) or a section
 * query ({@code /library/sections/5/all?type=1&sort=…}). Clients send {@code server://{machineId}/
 * com.plexapp.plugins.library/…}, {@code library:///directory/%2Flibrary%2Fmetadata%2F1} or
 * {@code library://{sectionUuid}/item/library/metadata/1}; the machine identifier
 * is not checked, because clients cache it and a restored server may have a new one.
 */
public record LibraryUri(List<Long> ratingKeys, Long sectionId, String sectionQuery) {

    private static final Pattern METADATA = Pattern.compile("^/library/metadata/([0-9,\\s]+)(/children|/allLeaves)?/?$");
    private static final Pattern SECTION = Pattern.compile("^/library/sections/(\\d+)/all/?$");
    private static final String HELP = "uri must name library items, e.g. server://{machineIdentifier}/"
            + "com.plexapp.plugins.library/library/metadata/1,2 or .../library/sections/{id}/all?type=1";

    public boolean isQuery() {
        return sectionId != null;
    }

    public static LibraryUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new BadRequestException("uri is required: " + HELP);
        }
        String u = uri.trim();
        String path;
        if (u.startsWith("server://")) {
            String rest = u.substring("server://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || !rest.substring(0, slash).matches("[0-9A-Za-z._-]+")) {
                throw new BadRequestException("uri has no machine identifier: " + HELP);
            }
            path = rest.substring(slash);
            if (path.startsWith("/com.plexapp.plugins.library")) {
                path = path.substring("/com.plexapp.plugins.library".length());
            }
        } else if (u.startsWith("library://")) {
            String rest = u.substring("library://".length());
            int dir = rest.indexOf("/directory/");
            int item = rest.indexOf("/item/");
            // library://{uuid}/item/library/metadata/1 (python-plexapi's and @ctrl/plex's addItem) keeps the
            // slash that starts the item's key; /directory/ is followed by an encoded path that has its own.
            int at = dir >= 0 ? dir + "/directory/".length() : item >= 0 ? item + "/item".length() : -1;
            if (at < 0) {
                throw new BadRequestException(HELP);
            }
            path = URLDecoder.decode(rest.substring(at), StandardCharsets.UTF_8).replaceFirst("^/+", "/");
        } else if (u.startsWith("/library/")) {
            path = u;
        } else {
            throw new BadRequestException(HELP + " (got '" + u + "')");
        }
        String query = null;
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        Matcher m = METADATA.matcher(path);
        if (m.matches()) {
            List<Long> ids = new ArrayList<>();
            for (String s : m.group(1).split(",")) {
                if (!s.isBlank()) {
                    ids.add(Long.parseLong(s.trim()));
                }
            }
            if (ids.isEmpty()) {
                throw new BadRequestException(HELP);
            }
            return new LibraryUri(List.copyOf(ids), null, null);
        }
        Matcher s = SECTION.matcher(path);
        if (s.matches()) {
            return new LibraryUri(List.of(), Long.parseLong(s.group(1)), query == null ? "" : query);
        }
        throw new BadRequestException(HELP + " (got '" + u + "')");
    }

    /** {@code key=} of a play queue: a ratingKey or a {@code /library/metadata/N} path. */
    public static Long ratingKey(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        Matcher m = Pattern.compile("(\\d+)/?$").matcher(key.trim());
        if (!m.find()) {
            throw new BadRequestException("key must be a ratingKey or /library/metadata/{ratingKey} (got '" + key
                    + "')");
        }
        return Long.parseLong(m.group(1));
    }
}
