package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.xml.XmlPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** plex.tv's old {@code /users/sign_in.json} and the owner removing a device (which signs it out). */
@QuarkusTest
class LegacySigninAndDevicesTest {

    static Response legacy(String path, String login, String password, String address) {
        return given().auth().preemptive().basic(login, password).header("X-Forwarded-For", address)
                .header("X-Plex-Client-Identifier", "legacy-client").post(path);
    }

    @Test
    void signInJsonTakesBasicCredentialsAndAnswersAsPlexTvDid() {
        String name = Api.unique("lena");
        long id = Api.createUser(name, "lenas-password");
        String address = Api.freshAddress();
        String token = legacy("/users/sign_in.json", name, "lenas-password", address).then().statusCode(201)
                .header("Content-Type", startsWith("application/json"))
                .body("user.id", equalTo((int) id)).body("user.username", equalTo(name))
                .body("user.authToken", startsWith("cm1.")).extract().path("user.authToken");
        given().header("X-Plex-Token", token).get("/api/v2/user").then().statusCode(200)
                .body("username", equalTo(name));
        String xml = legacy("/users/sign_in.xml", name, "lenas-password", address).then().statusCode(201)
                .extract().asString();
        String xmlToken = XmlPath.from(xml).getString("user.@authenticationToken");
        given().header("X-Plex-Token", xmlToken).get("/api/v2/user").then().statusCode(200);

        // Errors come in the format asked for, as everywhere.
        given().auth().preemptive().basic(name, "not-it").header("X-Forwarded-For", address)
                .accept("application/json").post("/users/sign_in.json").then().statusCode(401)
                .body("errors[0].message", containsString("wrong login or password"));
        given().accept("application/json").post("/users/sign_in.json").then().statusCode(401)
                .body("errors[0].message", containsString("HTTP Basic"));
        given().accept("application/json").header("Authorization", "Basic %%%").post("/users/sign_in.json").then()
                .statusCode(400)
                .body("errors[0].message", containsString("base64"));
    }

    @Test
    void itSharesTheThrottleOfTheNewSignIn() {
        String name = Api.unique("moe");
        Api.createUser(name, "moes-password");
        String address = Api.freshAddress();
        for (int i = 0; i < 5; i++) {
            legacy("/users/sign_in.json", name, "guess-" + i, address).then().statusCode(401);
        }
        legacy("/users/sign_in.json", name, "moes-password", address).then().statusCode(429);
        Api.signin(name, "moes-password", Api.freshAddress()).then().statusCode(429);
    }

    @Test
    void theOwnerRemovesADeviceAndItsTokensStopWorking() throws Exception {
        String name = Api.unique("nina");
        long id = Api.createUser(name, "ninas-password");
        String tv = given().header("X-Forwarded-For", Api.freshAddress()).header("X-Plex-Client-Identifier", "tv-" + id)
                .contentType(ContentType.URLENC).formParam("login", name).formParam("password", "ninas-password")
                .post("/api/v2/users/signin").then().statusCode(201).extract().path("authToken");
        String phone = given().header("X-Forwarded-For", Api.freshAddress())
                .header("X-Plex-Client-Identifier", "phone-" + id).contentType(ContentType.URLENC)
                .formParam("login", name).formParam("password", "ninas-password").post("/api/v2/users/signin")
                .then().statusCode(201).extract().path("authToken");
        Api.await("the devices are learned", Duration.ofSeconds(5), () -> given().header("X-Plex-Token", Api.OWNER)
                .queryParam("userId", id).get("/api/v2/admin/devices").then().extract()
                .<List<String>>path("clientIdentifier").size() == 2);

        given().header("X-Plex-Token", tv).delete("/devices/" + id + ":tv-" + id).then().statusCode(403);
        given().header("X-Plex-Token", Api.OWNER).delete("/devices/" + id + ":tv-" + id).then().statusCode(204);
        given().header("X-Plex-Token", tv).get("/api/v2/user").then().statusCode(401);
        given().header("X-Plex-Token", phone).get("/api/v2/user").then().statusCode(200);
        given().header("X-Plex-Token", Api.OWNER).accept("application/json").get("/devices").then()
                .body("MediaContainer.Device.clientIdentifier", not(hasItem("tv-" + id)))
                .body("MediaContainer.Device.clientIdentifier", hasItem("phone-" + id));
        given().header("X-Plex-Token", Api.OWNER).delete("/devices/" + id + ":tv-" + id).then().statusCode(404);
        given().header("X-Plex-Token", Api.OWNER).delete("/devices/nonsense").then().statusCode(404);
        Api.await("the removal is audited", Duration.ofSeconds(15), () -> {
            try {
                return Api.rowsAsText("audit_log").stream().anyMatch(r -> r.contains("device.delete")
                        && r.contains("tv-" + id));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(0, Api.rowsAsText("audit_log").stream().filter(r -> r.contains("cm1.")).count(),
                "no token in the audit log");
    }
}
