package io.cinemesh.tokens.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

class UriTagsTest {

    @Test
    void rawPathsBecomeTemplates() {
        assertEquals("/video/:/transcode/universal/session/{id}/base/{id}",
                UriTags.template("/video/:/transcode/universal/session/4f1d7c2e-9a3b-4c5d-8e6f-0a1b2c3d4e5f/base/7.ts"));
        assertEquals("/library/metadata/{id}/children", UriTags.template("/library/metadata/987654/children"));
        assertEquals("/library/sections", UriTags.template("/library/sections?X-Plex-Token=secret"));
        assertEquals("/share/{id}", UriTags.template("/share/cm1.eyJ1IjoxLCJrIjoiYWJjIn0.c2lnbmF0dXJlLXNpZw"));
    }

    @Test
    void templatesStayAsTheyAre() {
        for (String t : new String[] {"/library/sections/{sectionId}/all", "/:/timeline", "NOT_FOUND", "root", ""}) {
            assertEquals(t, UriTags.template(t));
        }
    }

    @Test
    void onlyHttpMetersUriTagsChange() {
        UriTags filter = new UriTags();
        Meter.Id raw = new Meter.Id("http.server.requests", Tags.of("uri", "/library/metadata/12", "status", "200"),
                null, null, Meter.Type.TIMER);
        Meter.Id mapped = filter.map(raw);
        assertEquals("/library/metadata/{id}", mapped.getTag("uri"));
        assertEquals("200", mapped.getTag("status"));
        Meter.Id other = new Meter.Id("cinemesh.transcodes", Tags.of("uri", "/12"), null, null, Meter.Type.COUNTER);
        assertSame(other, filter.map(other));
    }
}
