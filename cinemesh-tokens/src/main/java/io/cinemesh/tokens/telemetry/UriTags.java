package io.cinemesh.tokens.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps the {@code uri} tag of HTTP meters a route template. Routes name their templates themselves (Quarkus
 * REST, the gateway's route table); this catches a path that reaches a meter raw anyway: a query is dropped and
 * id-like segments (numbers, UUIDs, long hex or opaque strings such as session ids and tokens) become
 * {@code {id}}, so no permission ends up in a scrape and one client cannot grow the series without bound.
 */
@Singleton
@Unremovable
public class UriTags implements MeterFilter {

    private static final Pattern ID_LIKE = Pattern.compile(
            "\\d+(\\.\\w+)?|[0-9a-fA-F-]{16,}(\\.\\w+)?|[A-Za-z0-9._~+=-]{32,}");

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith("http.")) {
            return id;
        }
        String uri = id.getTag("uri");
        if (uri == null) {
            return id;
        }
        String template = template(uri);
        if (template.equals(uri)) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            tags.add(tag.getKey().equals("uri") ? Tag.of("uri", template) : tag);
        }
        return id.replaceTags(tags);
    }

    /** A path as a template: no query, id-like segments replaced. */
    public static String template(String uri) {
        int cut = uri.indexOf('?');
        String path = cut < 0 ? uri : uri.substring(0, cut);
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (ID_LIKE.matcher(segments[i]).matches()) {
                segments[i] = "{id}";
            }
        }
        return String.join("/", segments);
    }
}
