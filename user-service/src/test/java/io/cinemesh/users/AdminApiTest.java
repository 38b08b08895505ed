package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API: the owner's alone, and bad input gets a 4xx that says what is wrong. */
@QuarkusTest
class AdminApiTest {

    /** The API description answers on the management port only. */
    @TestHTTPResource(value = "openapi", management = true)
    URL openapi;

    private static RequestSpecification owner() {
        return given().header("X-Plex-Token", Api.OWNER).contentType(ContentType.JSON);
    }

    @Test
    void onlyTheOwnerGetsIn() {
        String name = Api.unique("kim");
        long id = Api.createUser(name, "kims-password");
        String token = Api.signinToken(name, "kims-password");
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/api/v2/admin/users"},
                new String[] {"POST", "/api/v2/admin/users"},
                new String[] {"GET", "/api/v2/admin/users/" + id},
                new String[] {"PATCH", "/api/v2/admin/users/" + id},
                new String[] {"DELETE", "/api/v2/admin/users/" + id},
                new String[] {"GET", "/api/v2/admin/users/" + id + "/shares"},
                new String[] {"PUT", "/api/v2/admin/users/" + id + "/shares"},
                new String[] {"DELETE", "/api/v2/admin/users/" + id + "/tokens"},
                new String[] {"GET", "/api/v2/admin/shares"},
                new String[] {"GET", "/api/v2/admin/tokens"},
                new String[] {"DELETE", "/api/v2/admin/tokens/whatever"},
                new String[] {"GET", "/api/v2/admin/devices"},
                new String[] {"GET", "/api/v2/admin/audit"});
        for (String[] e : endpoints) {
            given().header("X-Plex-Token", token).contentType(ContentType.JSON).body("{}")
                    .request(e[0], e[1]).then().statusCode(403)
                    .header("Content-Type", startsWith("application/json"))
                    .body("errors[0].message", containsString("owner"));
            given().contentType(ContentType.JSON).body("{}").request(e[0], e[1]).then().statusCode(401);
        }
        // The user is still there: nothing above did anything.
        owner().get("/api/v2/admin/users/" + id).then().statusCode(200).body("name", equalTo(name));
    }

    @Test
    void badInputGetsAClearFourHundred() {
        owner().body(Map.of("kind", "user", "password", "long-enough")).post("/api/v2/admin/users").then()
                .statusCode(400).body("errors[0].message", equalTo("name is required"));
        owner().body(Map.of("name", "x".repeat(65), "kind", "user", "password", "long-enough"))
                .post("/api/v2/admin/users").then().statusCode(400)
                .body("errors[0].message", containsString("at most 64 characters"));
        owner().body(Map.of("name", Api.unique("nopw"), "kind", "user")).post("/api/v2/admin/users").then()
                .statusCode(400).body("errors[0].message", equalTo("password is required"));
        owner().body(Map.of("name", Api.unique("short"), "kind", "user", "password", "short"))
                .post("/api/v2/admin/users").then().statusCode(400)
                .body("errors[0].message", containsString("8 to 1024"));
        owner().body(Map.of("name", Api.unique("boss"), "kind", "owner")).post("/api/v2/admin/users").then()
                .statusCode(400).body("errors[0].message", containsString("kind must be"));
        owner().body(Map.of("name", Api.unique("kid"), "kind", "managed", "password", "long-enough"))
                .post("/api/v2/admin/users").then().statusCode(400)
                .body("errors[0].message", containsString("managed users have no password"));
        owner().body(Map.of("name", Api.unique("kid"), "kind", "managed", "pin", "12a4"))
                .post("/api/v2/admin/users").then().statusCode(400)
                .body("errors[0].message", equalTo("pin must be exactly 4 digits"));
        owner().body(Map.of("name", Api.unique("mail"), "kind", "user", "password", "long-enough", "email", "nope"))
                .post("/api/v2/admin/users").then().statusCode(400)
                .body("errors[0].message", containsString("email must be"));
        owner().body("{\"name\": ").post("/api/v2/admin/users").then().statusCode(400);
        owner().post("/api/v2/admin/users").then().statusCode(400);

        String name = Api.unique("lena");
        long id = Api.createUser(name, "lenas-password");
        owner().body(Map.of("name", name.toUpperCase(), "kind", "user", "password", "long-enough"))
                .post("/api/v2/admin/users").then().statusCode(409)
                .body("errors[0].message", containsString("already exists"));
        owner().body(Map.of("name", "owner")).patch("/api/v2/admin/users/" + id).then().statusCode(409);
        owner().body(Map.of("contentRatingLimit", "PG")).patch("/api/v2/admin/users/" + id).then().statusCode(400)
                .body("errors[0].message", containsString("managed users only"));
        owner().body(Map.of("sectionIds", List.of(1, -2))).put("/api/v2/admin/users/" + id + "/shares").then()
                .statusCode(400).body("errors[0].message", containsString("positive"));
        owner().body(Map.of("sectionIds", List.of(1))).put("/api/v2/admin/users/1/shares").then()
                .statusCode(400).body("errors[0].message", containsString("owner sees every section"));
        owner().delete("/api/v2/admin/users/1").then().statusCode(400)
                .body("errors[0].message", equalTo("the owner cannot be deleted"));
        owner().get("/api/v2/admin/users/987654").then().statusCode(404);
        owner().delete("/api/v2/admin/tokens/no-such-token").then().statusCode(404);
        owner().queryParam("limit", 0).get("/api/v2/admin/audit").then().statusCode(400)
                .body("errors[0].message", containsString("limit"));
        owner().queryParam("from", "yesterday").get("/api/v2/admin/audit").then().statusCode(400)
                .body("errors[0].message", containsString("ISO-8601"));
    }

    @Test
    void theOwnerManagesUsers() {
        String name = Api.unique("mona");
        long id = Api.createUser(name, "monas-password");
        owner().get("/api/v2/admin/users").then().statusCode(200).body("name", hasItem(name))
                .body("find { it.id == 1 }.kind", equalTo("owner"));
        String renamed = Api.unique("ramona");
        owner().body(Map.of("name", renamed, "email", renamed + "@example.org")).patch("/api/v2/admin/users/" + id)
                .then().statusCode(200).body("name", equalTo(renamed)).body("email", equalTo(renamed + "@example.org"))
                .body("hasPassword", equalTo(true)).body("hasPin", equalTo(false));
        // The e-mail works as a login too.
        Api.signin(renamed + "@example.org", "monas-password", Api.freshAddress()).then().statusCode(201)
                .body("username", equalTo(renamed));
        // Devices are learned from the client's headers.
        String token = Api.signinToken(renamed, "monas-password");
        given().header("X-Plex-Token", token).header("X-Plex-Client-Identifier", "tv-" + id)
                .header("X-Plex-Device-Name", "Living room TV").get("/api/v2/user").then().statusCode(200);
        Api.await("the device is learned", java.time.Duration.ofSeconds(5), () -> owner().queryParam("userId", id)
                .get("/api/v2/admin/devices").then().extract().<List<String>>path("clientIdentifier")
                .contains("tv-" + id));
        // A user's /devices lists its own players only.
        given().header("X-Plex-Token", token).accept("application/json").get("/devices").then().statusCode(200)
                .body("MediaContainer.Device.name", org.hamcrest.Matchers.contains("Living room TV"))
                .body("MediaContainer.Device.clientIdentifier", org.hamcrest.Matchers.contains("tv-" + id));
        owner().delete("/api/v2/admin/users/" + id).then().statusCode(204);
        owner().get("/api/v2/admin/users/" + id).then().statusCode(404);
    }

    @Test
    void theAdminApiIsDescribedInOpenApi() {
        given().accept("application/json").get(openapi).then().statusCode(200)
                .body("paths.'/api/v2/admin/users'.post", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v2/admin/audit'.get", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v2/users/signin'.post", org.hamcrest.Matchers.notNullValue());
    }
}
