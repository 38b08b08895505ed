package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CallerKind;
import io.cinemesh.tokens.NetworkAdmission;
import io.cinemesh.tokens.TokenCodec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What one member of the Home may learn about another, and what a client let in by its network (with the
 * gateway's credential instead of a token of its own) may take away.
 */
@QuarkusTest
class HomeIsolationTest {

    @Test
    void onlyTheOwnerSeesHomeUsersEmailsAndPinState() {
        String parent = Api.unique("parent");
        long parentId = Api.createManaged(parent, "1357");
        given().header("X-Plex-Token", Api.OWNER).contentType(ContentType.JSON)
                .body(Map.of("email", parent + "@example.org")).patch("/api/v2/admin/users/" + parentId)
                .then().statusCode(200);
        String kid = Api.unique("kid");
        long kidId = Api.createManaged(kid, null);
        String kidToken = given().header("X-Plex-Token", Api.OWNER).post("/api/v2/home/users/" + kidId + "/switch")
                .then().statusCode(201).extract().path("authToken");

        given().header("X-Plex-Token", Api.OWNER).get("/api/v2/home/users").then().statusCode(200)
                .body("users.find { it.username == '" + parent + "' }.email", equalTo(parent + "@example.org"))
                .body("users.find { it.username == '" + parent + "' }.protected", equalTo(true));

        String other = "users.find { it.username == '" + parent + "' }";
        given().header("X-Plex-Token", kidToken).get("/api/v2/home/users").then().statusCode(200)
                .body("users.username", hasItem(parent))
                .body(other, not(hasKey("email")))
                .body(other, not(hasKey("protected")))
                .body(other, not(hasKey("hasPassword")))
                .body("users.email.flatten()", not(hasItem(parent + "@example.org")))
                .body("users.find { it.username == 'owner' || it.homeAdmin }", not(hasKey("email")));
    }

    @Test
    void theGatewaysAllowedNetworkCredentialIsNeverHandedToTheClient() {
        String forwarded = networkCredential();
        given().header("X-Plex-Token", forwarded).get("/api/v2/user").then().statusCode(200)
                .body("homeAdmin", equalTo(true))
                .body("$", not(hasKey("authToken")));
        given().queryParam("X-Plex-Token", forwarded).get("/api/v2/user").then().statusCode(200)
                .body("$", not(hasKey("authToken")));

        // Nor can it be traded for a token of a managed user, which would outlive the network's trust.
        long kid = Api.createManaged(Api.unique("kid"), null);
        given().header("X-Plex-Token", forwarded).post("/api/v2/home/users/" + kid + "/switch").then()
                .statusCode(403).body("errors[0].message", containsString("own token"))
                .body(not(containsString("cm1.")));
        // Nor signed out: that would revoke the gateway's credential for everyone on the network.
        given().header("X-Plex-Token", forwarded).post("/api/v2/users/signout").then().statusCode(400);

        // A client with a token of its own still reads it back, as plex.tv answers.
        given().header("X-Plex-Token", Api.OWNER).get("/api/v2/user").then().statusCode(200)
                .body("authToken", equalTo(Api.OWNER));
    }

    /** What the gateway forwards for a token-less client on an allowed network (gateway's Admission). */
    private static String networkCredential() {
        String secret = ConfigProvider.getConfig().getValue("cinemesh.token.secret", String.class);
        return TokenCodec.fromBase64(secret).issue(new Caller(Caller.OWNER_ID, "owner", CallerKind.OWNER,
                NetworkAdmission.TOKEN_ID, Instant.now().getEpochSecond()));
    }
}
