package io.cinemesh.plex.wire;

/**
 * A page request. python-plexapi sends {@code X-Plex-Container-Start/Size} as headers, @ctrl/plex as query
 * parameters; both arrive here through {@link #parse(String, String)}. {@code size == null} means "all", and
 * {@code size == 0} asks for the total only.
 */
public record Paging(int start, Integer size) {

    public static final Paging ALL = new Paging(0, null);

    public Paging {
        if (start < 0) {
            throw new jakarta.ws.rs.BadRequestException("X-Plex-Container-Start must not be negative");
        }
        if (size != null && size < 0) {
            throw new jakarta.ws.rs.BadRequestException("X-Plex-Container-Size must not be negative");
        }
    }

    /** Parses the raw start and size values; throws a 400 with a readable message. */
    public static Paging parse(String start, String size) {
        return new Paging(start == null || start.isBlank() ? 0 : parseInt("X-Plex-Container-Start", start),
                size == null || size.isBlank() ? null : parseInt("X-Plex-Container-Size", size));
    }

    /** The number of rows to fetch given a hard cap, so that no request can ask for an unbounded page. */
    public int limit(int cap) {
        return size == null ? cap : Math.min(size, cap);
    }

    /** This page of a list already in memory; a start past the end gives an empty page. */
    public <T> java.util.List<T> slice(java.util.List<T> all) {
        int from = Math.min(start, all.size());
        return all.subList(from, size == null ? all.size() : (int) Math.min(all.size(), (long) from + size));
    }

    /** Marks a container as one page of {@code totalSize} items; the response filter mirrors these in headers. */
    public MediaContainer describe(MediaContainer container, long totalSize) {
        return container.attr("offset", start).attr("totalSize", totalSize);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new jakarta.ws.rs.BadRequestException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
