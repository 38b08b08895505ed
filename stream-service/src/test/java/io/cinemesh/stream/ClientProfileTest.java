package io.cinemesh.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cinemesh.testing.KafkaBrokerResource;
import io.cinemesh.testing.PostgresDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The decision from the client's platform and {@code X-Plex-Client-Profile-Extra}, one rule per test, checked in
 * {@code /decision} as a client reads it, and in what {@code start.m3u8} then streams.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(LibraryStandIn.class)
class ClientProfileTest {

    static final String VIDEO = "/video/:/transcode/universal/";
    static final String FILM = "/library/metadata/1001";
    static final String HEVC = "/library/metadata/1008";
    static final String STREAM = "Metadata[0].Media[0].Part[0].Stream";

    static ValidatableResponse decision(String platform, String extra, String path, String query) {
        var req = given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .accept("application/json");
        if (platform != null) {
            req = req.header("X-Plex-Platform", platform);
        }
        if (extra != null) {
            req = req.header("X-Plex-Client-Profile-Extra", extra);
        }
        return req.get(VIDEO + "decision?path=" + path + query).then();
    }

    @Test
    void aHeightLimitationForH264TranscodesDownToIt() throws Exception {
        String extra = "add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.height&value=480)";
        decision("Chrome", extra, FILM, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(3004))
                .body("MediaContainer.directPlayDecisionText", containsString("video.height at most 480"))
                .body("MediaContainer.transcodeDecisionText", equalTo("Transcode OK."))
                .body("MediaContainer.Metadata[0].Media[0].height", equalTo(480))
                .body("MediaContainer.Metadata[0].Media[0].width", equalTo(854))
                .body("MediaContainer." + STREAM + ".find { it.streamType == 1 }.decision", equalTo("transcode"));
        // start follows the same decision: the segments are 480 lines high
        String master = given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                .header("X-Plex-Platform", "Chrome").header("X-Plex-Client-Profile-Extra", extra)
                .get(VIDEO + "start.m3u8?path=" + FILM).then().statusCode(200).extract().asString();
        Matcher m = TranscodeTest.SESSION.matcher(master);
        m.find();
        try {
            Probe.Result p = Probe.of(TranscodeTest.segment("video", m.group(1), 0));
            assertEquals(480, p.height());
            assertEquals("h264", p.videoCodec());
        } finally {
            given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER)
                    .get(VIDEO + "stop?session=" + m.group(1)).then().statusCode(200);
        }
    }

    @Test
    void anAudioChannelLimitationTranscodesTheAudioOnly() {
        decision("Chrome", "add-limitation(scope=audioCodec&scopeName=*&type=upperBound&name=audio.channels&value=1)",
                FILM, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(3004))
                .body("MediaContainer.transcodeDecisionText", equalTo("Direct Stream OK."))
                .body("MediaContainer." + STREAM + ".find { it.streamType == 1 }.decision", equalTo("copy"))
                .body("MediaContainer." + STREAM + ".find { it.streamType == 2 }.decision", equalTo("transcode"));
    }

    @Test
    void aVideoAudioCodecLimitationBoundsTheAudioOfAVideoByItsCodec() {
        // As Plex's own profiles write it (<VideoAudioCodecLimitation codec="aac">): the film's AAC is stereo.
        decision("Chrome", "add-limitation(scope=videoAudioCodec&scopeName=aac&type=upperBound&name=audio.channels"
                + "&value=1)", FILM, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(3004))
                .body("MediaContainer.directPlayDecisionText", containsString("audio.channels at most 1 for aac"))
                .body("MediaContainer." + STREAM + ".find { it.streamType == 1 }.decision", equalTo("copy"))
                .body("MediaContainer." + STREAM + ".find { it.streamType == 2 }.decision", equalTo("transcode"));
        decision("Chrome", "add-limitation(scope=videoAudioCodec&scopeName=ac3&type=upperBound&name=audio.channels"
                + "&value=1)", FILM, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(1000));
    }

    @Test
    void safariPlaysHevcWhereChromeNeedsATranscode() {
        decision("Safari", null, HEVC, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(1000))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].decision", equalTo("directplay"));
        decision("Safari", null, HEVC, "&directPlay=0").statusCode(200)
                .body("MediaContainer.transcodeDecisionText", equalTo("Direct Stream OK."));
        decision("Chrome", null, HEVC, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(3003))
                .body("MediaContainer.directPlayDecisionText", containsString("hevc"))
                .body("MediaContainer." + STREAM + ".find { it.streamType == 1 }.decision", equalTo("transcode"))
                .body("MediaContainer.Metadata[0].Media[0].videoCodec", equalTo("h264"));
    }

    @Test
    void anUnknownPlatformGetsTheConservativeProfile() {
        decision(null, null, HEVC, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(3003))
                .body("MediaContainer.directPlayDecisionText", containsString("Generic"))
                .body("MediaContainer." + STREAM + ".find { it.streamType == 1 }.decision", equalTo("transcode"));
        decision("SomeNewTV", null, FILM, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(1000));
    }

    @Test
    void profileAugmentationsAddWhatTheClientCanPlay() {
        // a generic client that says it decodes HEVC in HLS gets a remux instead of a transcode
        decision(null, "append-transcode-target-codec(type=videoProfile&context=streaming&protocol=hls"
                + "&videoCodec=hevc)", HEVC, "&directPlay=0").statusCode(200)
                .body("MediaContainer.transcodeDecisionText", equalTo("Direct Stream OK."))
                .body("MediaContainer." + STREAM + ".find { it.streamType == 1 }.decision", equalTo("copy"));
        // … and one that opens HEVC MP4 files plays it directly
        decision(null, "add-direct-play-profile(type=videoProfile&container=mp4&videoCodec=h264%2Chevc"
                + "&audioCodec=aac)", HEVC, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(1000));
        // several augmentations joined with '+', as clients send them; a query parameter works as well
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).accept("application/json")
                .get(VIDEO + "decision?path=" + HEVC + "&X-Plex-Client-Profile-Extra="
                        + "add-direct-play-profile(type%3DvideoProfile%26container%3Dmp4%26videoCodec%3Dhevc)%2B"
                        + "add-limitation(scope%3DvideoCodec%26scopeName%3Dhevc%26type%3DupperBound"
                        + "%26name%3Dvideo.width%26value%3D160)")
                .then().statusCode(200).body("MediaContainer.directPlayDecisionCode", equalTo(3004))
                .body("MediaContainer.directPlayDecisionText", containsString("video.width at most 160"));
    }

    @Test
    void aTargetWithoutH264LeavesNothingToPlay() {
        String extra = "add-transcode-target(type=videoProfile&context=streaming&protocol=hls&container=mpegts"
                + "&videoCodec=hevc&audioCodec=aac)";
        decision("Chrome", extra, FILM, "&directPlay=0").statusCode(200)
                .body("MediaContainer.generalDecisionCode", equalTo(2000))
                .body("MediaContainer.transcodeDecisionCode", equalTo(4005))
                .body("MediaContainer.Metadata[0].Media[0].Part[0].decision", equalTo("none"));
        given().urlEncodingEnabled(false).header("X-Plex-Token", LibraryStandIn.OWNER).header("X-Plex-Platform", "Chrome")
                .header("X-Plex-Client-Profile-Extra", extra).get(VIDEO + "start.m3u8?path=" + FILM).then()
                .statusCode(400).body(containsString("Neither direct play nor conversion is available"));
    }

    @Test
    void aMalformedProfileIsAClearBadRequest() {
        decision("Chrome", "add-limitation(scope=videoCodec&scopeName=h264&type=sideways&name=video.height&value=1)",
                FILM, "").statusCode(400).body(containsString("limitation type must be"));
        decision("Chrome", "add-limitation", FILM, "").statusCode(400).body(containsString("expected name("));
        decision("Chrome", "add-limitation(scope=videoCodec)", FILM, "").statusCode(400)
                .body(containsString("add-limitation needs scopeName"));
        // augmentations this server does not model are ignored, like unknown parameters
        decision("Chrome", "add-transcode-target-settings(type=videoProfile&context=streaming&protocol=hls"
                + "&CopyMatroskaAttachments=true)", FILM, "").statusCode(200)
                .body("MediaContainer.directPlayDecisionCode", equalTo(1000));
    }
}
