package io.cinemesh.tokens.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SecretQueryTest {

    @Test
    void plexAndSubsonicCredentialsAreBlankedAndTheRestKept() {
        assertEquals("type=1&X-Plex-Token=REDACTED&sort=titleSort",
                SecretQuery.redactQuery("type=1&X-Plex-Token=abc.def&sort=titleSort"));
        assertEquals("u=alice&p=REDACTED&t=REDACTED&s=REDACTED&apiKey=REDACTED&v=1.16.1&c=app",
                SecretQuery.redactQuery("u=alice&p=enc:736563726574&t=26719a1196d2a940705a59634eb18eab&s=c19b2d"
                        + "&apiKey=k3y&v=1.16.1&c=app"));
    }

    @Test
    void namesMatchWhateverTheirCaseOrEncoding() {
        assertEquals("x-plex-token=REDACTED&X%2DPlex%2DToken=REDACTED&APIKEY=REDACTED",
                SecretQuery.redactQuery("x-plex-token=a&X%2DPlex%2DToken=b&APIKEY=c"));
    }

    @Test
    void urlsKeepTheirPathAndFragment() {
        assertEquals("http://127.0.0.1:8081/library/sections?X-Plex-Token=REDACTED#top",
                SecretQuery.redactUrl("http://127.0.0.1:8081/library/sections?X-Plex-Token=secret#top"));
        assertEquals("/library/sections", SecretQuery.redactUrl("/library/sections"));
        assertNull(SecretQuery.redactUrl(null));
    }

    @Test
    void oddQueriesStayAsTheyWere() {
        assertEquals("flag&&a=1&", SecretQuery.redactQuery("flag&&a=1&"));
        assertEquals("X-Plex-Token", SecretQuery.redactQuery("X-Plex-Token"));
        assertEquals("X-Plex-Token=REDACTED", SecretQuery.redactQuery("X-Plex-Token="));
        assertEquals("%zz=1", SecretQuery.redactQuery("%zz=1"));
    }
}
