package io.cinemesh.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Sign-in under a parallel burst, as an attacker sends it: the throttle must hold when every guess arrives at
 * once, the server must not compute a password hash for each of them, and an attacker locking an account must not
 * lock its owner out of the places the owner signs in from.
 */
@QuarkusTest
class SigninBurstTest {

    private static final int BURST = 60;

    @TestHTTPResource("/api/v2/users/signin")
    URI signin;

    private record Answer(int status, String retryAfter, String body) {
    }

    @Test
    void sixtyParallelGuessesAtOneAccountGetNoMoreThanItsFiveChecks() {
        String name = Api.unique("fay");
        Api.createUser(name, "fays-password");
        // From sixty addresses, as a botnet would: the per-address limit never comes into it.
        List<Answer> answers = burst(i -> form(name, "guess-" + i, Api.freshAddress()));
        Map<Integer, Integer> byStatus = count(answers);
        assertTrue(byStatus.getOrDefault(401, 0) <= 5,
                "at most 5 guesses may be checked before the account is blocked, got " + byStatus);
        for (Answer a : answers) {
            assertTrue(a.status() == 401 || a.status() == 429 || a.status() == 503, "unexpected " + a);
            if (a.status() != 401) {
                assertTrue(a.retryAfter() != null && Long.parseLong(a.retryAfter()) >= 1, "no Retry-After: " + a);
            }
        }
    }

    @Test
    void aBurstOfSignInsIsNotABurstOfPasswordHashes() {
        // Sixty different logins from sixty addresses: no throttle applies, so only the bound on hash checks
        // running and waiting at once can turn some away.
        List<Answer> answers = burst(i -> form(Api.unique("nobody"), "whatever", Api.freshAddress()));
        Map<Integer, Integer> byStatus = count(answers);
        assertTrue(byStatus.getOrDefault(503, 0) > 0, "every guess was checked at once: " + byStatus);
        assertTrue(byStatus.getOrDefault(401, 0) > 0, "no guess was checked at all: " + byStatus);
        for (Answer a : answers) {
            assertTrue(a.status() == 401 || a.status() == 503, "unexpected " + a);
            if (a.status() == 503) {
                assertEquals("1", a.retryAfter(), a.toString());
                assertTrue(a.body().contains("Too many sign-ins at once"), a.body());
            }
        }
        // Once the burst is over, a sign-in is checked again.
        String name = Api.unique("gus");
        Api.createUser(name, "guss-password");
        Api.signin(name, "guss-password", Api.freshAddress()).then().statusCode(201);
    }

    @Test
    void anAccountLockedByAStrangerStillLetsItsOwnerInFromWhereTheyHaveSignedInBefore() {
        String name = Api.unique("hana");
        Api.createUser(name, "hanas-password");
        String home = Api.freshAddress();
        Api.signin(name, "hanas-password", home).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            Api.signin(name, "guess-" + i, Api.freshAddress()).then().statusCode(401);
        }
        Api.signin(name, "guess-6", Api.freshAddress()).then().statusCode(429);
        // A place the account was never signed in from stays locked out, even with the right password.
        Api.signin(name, "hanas-password", Api.freshAddress()).then().statusCode(429);
        // Home is not: the owner signs in as usual.
        Api.signin(name, "hanas-password", home).then().statusCode(201);
    }

    private List<Answer> burst(IntFunction<HttpRequest> request) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            requests.add(request.apply(i));
        }
        List<CompletableFuture<Answer>> sent = requests.stream()
                .map(r -> http.sendAsync(r, HttpResponse.BodyHandlers.ofString())
                        .thenApply(res -> new Answer(res.statusCode(),
                                res.headers().firstValue("Retry-After").orElse(null), res.body())))
                .toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private HttpRequest form(String login, String password, String address) {
        String body = "login=" + URLEncoder.encode(login, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(signin).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static Map<Integer, Integer> count(List<Answer> answers) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        answers.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        System.out.println("SigninBurstTest answers by status: " + byStatus);
        return byStatus;
    }
}
