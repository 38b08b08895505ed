package io.cinemesh.plex.wire;

/**
 * The root of (almost) every Plex response. {@code size} follows the children unless a caller sets it, since a
 * paged list reports the page size beside {@code totalSize}.
 */
public class MediaContainer extends PlexElement {

    public MediaContainer() {
        super("MediaContainer", "MediaContainer", true);
    }

    /** Sets {@code size} to the number of children when no one set it explicitly; the renderer calls this. */
    void fillSize() {
        if (attr("size") == null) {
            attr("size", children().size());
        }
    }

    @Override
    public MediaContainer attr(String name, Object value) {
        super.attr(name, value);
        return this;
    }

    @Override
    public MediaContainer add(PlexElement child) {
        super.add(child);
        return this;
    }

    @Override
    public MediaContainer addAll(Iterable<? extends PlexElement> more) {
        super.addAll(more);
        return this;
    }
}
