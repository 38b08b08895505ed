package io.cinemesh.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sign-in shaped like plex.tv's, and the throttling of failed attempts. */
@QuarkusTest
class SigninTest {

    @Test
    void theRightPasswordGivesATokenThatNamesTheUser() {
        String name = Api.unique("alice");
        long id = Api.createUser(name, "correct horse battery");
        String address = Api.freshAddress();
        String token = Api.signin(name, "correct horse battery", address).then().statusCode(201)
                .header("Content-Type", startsWith("application/json"))
                .body("id", equalTo((int) id))
                .body("username", equalTo(name))
                .body("authToken", startsWith("cm1."))
                .body("hasPassword", equalTo(true))
                .extract().path("authToken");
        given().header("X-Plex-Token", token).get("/api/v2/user").then().statusCode(200)
                .body("id", equalTo((int) id)).body("username", equalTo(name)).body("authToken", equalTo(token));
        // The login is case-insensitive, and JSON bodies work as well as forms.
        given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("login", name.toUpperCase(), "password", "correct horse battery"))
                .post("/api/v2/users/signin").then().statusCode(201).body("authToken", startsWith("cm1."));
        // A token works on every endpoint of the service, here /accounts, which shows a user only itself.
        given().header("X-Plex-Token", token).accept("application/json").get("/accounts").then().statusCode(200)
                .body("MediaContainer.size", equalTo(1)).body("MediaContainer.Account[0].name", equalTo(name));
        given().header("X-Plex-Token", token).accept("application/json").get("/accounts/" + id).then()
                .statusCode(200).body("MediaContainer.Account[0].id", equalTo((int) id));
        given().header("X-Plex-Token", token).get("/accounts/1").then().statusCode(404);
        given().header("X-Plex-Token", Api.OWNER).accept("application/json").get("/accounts/" + id).then()
                .statusCode(200).body("MediaContainer.Account[0].name", equalTo(name));
    }

    @Test
    void aWrongPasswordOrUnknownLoginIsRefusedWithAMessage() {
        String name = Api.unique("bruno");
        Api.createUser(name, "the right one");
        String address = Api.freshAddress();
        Api.signin(name, "the wrong one", address).then().statusCode(401)
                .header("Content-Type", startsWith("application/json"))
                .body("errors[0].message", containsString("wrong login or password"));
        Api.signin("nobody-" + name, "the right one", address).then().statusCode(401)
                .body("errors[0].message", containsString("wrong login or password"));
        given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("login", name)
                .post("/api/v2/users/signin").then().statusCode(400)
                .body("errors[0].message", containsString("password is required"));
        given().get("/api/v2/user").then().statusCode(401);
    }

    @Test
    void twentyWrongPasswordsInARowAreThrottled() {
        String name = Api.unique("carol");
        Api.createUser(name, "carols-password");
        String address = Api.freshAddress();
        int refused = 0;
        int throttled = 0;
        for (int i = 0; i < 20; i++) {
            Response r = Api.signin(name, "guess-" + i, address);
            if (r.statusCode() == 429) {
                throttled++;
                long retryAfter = Long.parseLong(r.header("Retry-After"));
                assertTrue(retryAfter >= 1 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
                assertTrue(r.body().asString().contains("Too many failed attempts"));
            } else {
                assertEquals(401, r.statusCode(), "attempt " + i);
                assertEquals(0, throttled, "a 401 after being throttled: the block did not hold");
                refused++;
            }
        }
        assertEquals(5, refused, "the account is blocked after 5 failures");
        assertEquals(15, throttled);
        // While blocked, even the right password is refused, and from another address too (per account).
        Api.signin(name, "carols-password", address).then().statusCode(429).header("Retry-After", notNullValue());
        Api.signin(name, "carols-password", Api.freshAddress()).then().statusCode(429);
    }

    @Test
    void oneAddressTryingManyLoginsIsThrottledToo() {
        String address = Api.freshAddress();
        int firstThrottled = -1;
        for (int i = 0; i < 25 && firstThrottled < 0; i++) {
            if (Api.signin(Api.unique("ghost"), "whatever-" + i, address).statusCode() == 429) {
                firstThrottled = i;
            }
        }
        assertEquals(20, firstThrottled, "an address is blocked after 20 failures");
        // Another address is not affected.
        String name = Api.unique("dora");
        Api.createUser(name, "doras-password");
        Api.signin(name, "doras-password", Api.freshAddress()).then().statusCode(201);
        Api.signin(name, "doras-password", address).then().statusCode(429);
    }

    @Test
    void signingOutRevokesTheToken() {
        String name = Api.unique("erin");
        Api.createUser(name, "erins-password");
        String token = Api.signinToken(name, "erins-password");
        given().header("X-Plex-Token", token).post("/api/v2/users/signout").then().statusCode(204);
        given().header("X-Plex-Token", token).get("/api/v2/user").then().statusCode(401);
    }
}
