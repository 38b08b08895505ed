package io.cinemesh.plex.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of a Plex response: an XML tag with typed attributes and children.
 *
 * <p>Attributes keep their Java type so that one model renders to both formats: a {@link Boolean} becomes
 * {@code "1"/"0"} in XML and {@code true/false} in JSON, a {@link Number} a JSON number, a {@link CharSequence} a
 * string. That is why ids such as {@code ratingKey} must be set as strings (real clients need them as strings
 * in JSON). A {@code null} attribute is left out in both formats, as PMS omits what it does not know.
 *
 * <p>The JSON key under which a child is grouped is not always its tag: metadata items are under
 * {@code Metadata} whatever their tag ({@code Video}, {@code Directory type=show}, {@code Track} …), and some
 * children are single objects, not arrays ({@code Player}, {@code User}, {@code Session} …). The factory methods
 * below encode those rules so that callers cannot get them wrong.
 */
public class PlexElement {

    /** Children that real clients read as one JSON object, never an array (plex-protocol.md, key finding 2). */
    private static final java.util.Set<String> SINGLETON_TAGS = java.util.Set.of(
            "Player", "User", "Session", "TranscodeSession", "Meta", "OnDeck", "Extras", "Related", "UltraBlurColors");

    private final String tag;
    private final String jsonKey;
    private final boolean jsonSingleton;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<PlexElement> children = new ArrayList<>();

    protected PlexElement(String tag, String jsonKey, boolean jsonSingleton) {
        this.tag = tag;
        this.jsonKey = jsonKey;
        this.jsonSingleton = jsonSingleton;
    }

    /** A plain element whose JSON key is its tag (e.g. {@code Location}, {@code Genre}, {@code Hub}). */
    public static PlexElement of(String tag) {
        return new PlexElement(tag, tag, SINGLETON_TAGS.contains(tag));
    }

    /**
     * A metadata item ({@code Video}, {@code Directory}, {@code Track}, {@code Photo}, {@code Playlist}): grouped
     * under {@code Metadata} in JSON.
     */
    public static PlexElement metadata(String tag) {
        return new PlexElement(tag, "Metadata", false);
    }

    public String tag() {
        return tag;
    }

    public String jsonKey() {
        return jsonKey;
    }

    public boolean jsonSingleton() {
        return jsonSingleton;
    }

    /** Sets an attribute; {@code null} removes it. Returns this element for chaining. */
    public PlexElement attr(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
            attributes.put(name, value instanceof CharSequence cs ? cs.toString() : value);
        } else {
            throw new IllegalArgumentException("attribute " + name + " must be a string, number or boolean, not "
                    + value.getClass().getName());
        }
        return this;
    }

    public Object attr(String name) {
        return attributes.get(name);
    }

    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public PlexElement add(PlexElement child) {
        children.add(child);
        return this;
    }

    public PlexElement addAll(Iterable<? extends PlexElement> more) {
        more.forEach(children::add);
        return this;
    }

    public List<PlexElement> children() {
        return Collections.unmodifiableList(children);
    }
}
