package io.cinemesh.plex.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class PlexRendererTest {

    private static MediaContainer session() {
        PlexElement video = PlexElement.metadata("Video")
                .attr("ratingKey", "42").attr("type", "movie").attr("title", "Amélie & <Co>")
                .attr("viewOffset", 1200).attr("sessionKey", "7");
        video.add(PlexElement.of("User").attr("id", "1").attr("title", "owner"));
        video.add(PlexElement.of("Player").attr("machineIdentifier", "abc").attr("local", true));
        video.add(PlexElement.of("Genre").attr("tag", "Drama"));
        video.add(PlexElement.of("Genre").attr("tag", "Comedy"));
        return new MediaContainer().add(video);
    }

    @Test
    void jsonGroupsMetadataTypesValuesAndKeepsSingletonsAsObjects() throws Exception {
        JsonNode root = new ObjectMapper().readTree(PlexRenderer.toString(session(), true));
        JsonNode mc = root.get("MediaContainer");
        assertEquals(1, mc.get("size").intValue(), "size follows the children");
        JsonNode item = mc.get("Metadata").get(0);
        assertTrue(item.get("ratingKey").isTextual(), "ratingKey must stay a string");
        assertTrue(item.get("viewOffset").isNumber());
        assertEquals("Amélie & <Co>", item.get("title").textValue());
        assertTrue(item.get("User").isObject(), "User is an object for plexjs and @ctrl/plex");
        assertTrue(item.get("Player").isObject());
        assertTrue(item.get("Player").get("local").isBoolean());
        assertEquals(2, item.get("Genre").size());
    }

    @Test
    void xmlKeepsTagsEscapesTextAndWritesBooleansAsDigits() throws Exception {
        String xml = PlexRenderer.toString(session(), false);
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("MediaContainer", root.getTagName());
        Element video = (Element) root.getElementsByTagName("Video").item(0);
        assertEquals("Amélie & <Co>", video.getAttribute("title"));
        Element player = (Element) video.getElementsByTagName("Player").item(0);
        assertEquals("1", player.getAttribute("local"));
    }

    @Test
    void controlCharactersFromBrokenTagsDoNotBreakXml() throws Exception {
        var mc = new MediaContainer().add(PlexElement.metadata("Track").attr("title", "bad\u0001tag"));
        String xml = PlexRenderer.toString(mc, false);
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertFalse(xml.contains("\u0001"));
    }

    @Test
    void aSingletonTwiceIsAModelError() {
        var mc = new MediaContainer().add(PlexElement.of("Player")).add(PlexElement.of("Player"));
        assertThrows(IllegalStateException.class, () -> PlexRenderer.toString(mc, true));
    }

    @Test
    void onlyAnExplicitJsonAcceptGetsJson() {
        assertTrue(PlexRenderer.wantsJson("application/json"));
        assertTrue(PlexRenderer.wantsJson("application/json, text/plain, */*"));
        assertFalse(PlexRenderer.wantsJson("*/*"));
        assertFalse(PlexRenderer.wantsJson(null));
        assertEquals("application/json", PlexRenderer.contentType(true));
    }

    @Test
    void errorsRenderInBothFormats() throws Exception {
        var err = new PlexError(401, "Unauthorized", "A valid X-Plex-Token is required");
        var out = new java.io.ByteArrayOutputStream();
        PlexRenderer.write(err, true, out);
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        assertEquals(401, json.get("errors").get(0).get("code").intValue());
        out.reset();
        PlexRenderer.write(err, false, out);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("<Response code=\"401\" status=\"Unauthorized\""));
    }
}
