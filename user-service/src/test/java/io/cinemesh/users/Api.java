package io.cinemesh.users;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the tests do through the service's own API, as a client would. */
final class Api {

    static final String OWNER = ServerIdentityResourceTest.OWNER;
    private static final AtomicInteger ADDRESS = new AtomicInteger(1);

    private Api() {
    }

    /** A client address of its own, so one test's failed sign-ins never throttle another's. */
    static String freshAddress() {
        int n = ADDRESS.getAndIncrement();
        return "203.0." + (n / 250) + "." + (n % 250 + 1);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static long createUser(String name, String password) {
        return ((Number) given().header("X-Plex-Token", OWNER).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "user", "password", password))
                .post("/api/v2/admin/users").then().statusCode(201).extract().path("id")).longValue();
    }

    static long createManaged(String name, String pin) {
        Map<String, Object> body = pin == null ? Map.of("name", name, "kind", "managed")
                : Map.of("name", name, "kind", "managed", "pin", pin);
        return ((Number) given().header("X-Plex-Token", OWNER).contentType(ContentType.JSON).body(body)
                .post("/api/v2/admin/users").then().statusCode(201).extract().path("id")).longValue();
    }

    static Response signin(String login, String password, String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.URLENC)
                .formParam("login", login).formParam("password", password)
                .post("/api/v2/users/signin");
    }

    static String signinToken(String login, String password) {
        return signin(login, password, freshAddress()).then().statusCode(201).extract().path("authToken");
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The service's database, read directly (JDBC, as the migrations do). */
    static Connection db() throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        Connection c = DriverManager.getConnection(url, config.getValue("cinemesh.db.user", String.class), "");
        c.createStatement().execute("SET search_path TO users");
        return c;
    }

    /** Every row of a table as text, for grepping. */
    static List<String> rowsAsText(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db(); var rs = c.createStatement().executeQuery("SELECT t::text FROM " + table + " t")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
