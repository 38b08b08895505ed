package io.cinemesh.users;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.testing.PlexRequestFuzzer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against every user-service route (sign-in, accounts, home users, devices, the admin API with
 * JSON, form and junk bodies), from the owner and from a plain user: no answer is a 5xx without
 * {@code Retry-After} or shows a stack trace. Sign-in answers carry tokens by design, so the echo check is off
 * here. Its own profile, so its own database: the fuzz deletes users and revokes tokens. Counts go to SECURITY.md.
 */
@QuarkusTest
@TestProfile(UserApiFuzzTest.Own.class)
class UserApiFuzzTest {

    private static final Logger LOG = Logger.getLogger(UserApiFuzzTest.class);

    public static class Own implements QuarkusTestProfile {
    }

    static final List<String> ROUTES = List.of("/api/v2/users/signin", "/api/v2/user", "/api/v2/users/signout",
            "/api/v2/home/users", "/api/v2/home/users/{id}/switch", "/users/sign_in.json", "/users/sign_in.xml",
            "/accounts", "/accounts/{id}", "/devices", "/devices/{id}", "/api/v2/admin/users",
            "/api/v2/admin/users/{id}", "/api/v2/admin/users/{id}/shares", "/api/v2/admin/users/{id}/tokens",
            "/api/v2/admin/shares", "/api/v2/admin/tokens", "/api/v2/admin/tokens/{id}", "/api/v2/admin/devices",
            "/api/v2/admin/audit", "/internal/users/{id}/access", "/internal/revocations",
            "/internal/server-identity", "/identity");
    static final List<String> PARAMS = List.of("kind", "sectionIds", "allSections", "contentRatingLimit",
            "rememberMe", "actor", "action", "target", "from", "until", "userId", "tokenId", "deviceId",
            "restrictionProfile", "homeSize", "thumb", "machineIdentifier", "friendlyName");

    @Test
    void noHostileRequestGetsA5xxOrAStackTrace() {
        List<String> ids = new ArrayList<>(List.of("1", "2", "3", "4", "5", "6"));
        ids.add(String.valueOf(Api.createUser(Api.unique("fuzz"), "fuzz-password")));
        ids.add(String.valueOf(Api.createManaged(Api.unique("kid"), "1234")));
        String plainName = Api.unique("plain");
        ids.add(String.valueOf(Api.createUser(plainName, "plain-password")));
        String plain = Api.signinToken(plainName, "plain-password");

        int port = RestAssured.port;
        PlexRequestFuzzer.Report asUser = new PlexRequestFuzzer(5L, ROUTES, PARAMS, ids, plain)
                .allowTokenInAnswers().run("127.0.0.1", port, 800);
        // The owner last: the fuzz may revoke the plain user's token, never the other way round.
        PlexRequestFuzzer.Report asOwner = new PlexRequestFuzzer(20261206L, ROUTES, PARAMS, ids, Api.OWNER)
                .allowTokenInAnswers().run("127.0.0.1", port, 1500);
        LOG.infof("user-service fuzz, owner: %s", asOwner.summary());
        LOG.infof("user-service fuzz, user: %s", asUser.summary());

        List<PlexRequestFuzzer.Finding> findings = new ArrayList<>(asOwner.findings());
        findings.addAll(asUser.findings());
        assertTrue(findings.isEmpty(), PlexRequestFuzzer.describe(findings));
        assertTrue(asOwner.statuses().getOrDefault(200, 0) > 100,
                "the fuzz reaches real answers, not only refusals: " + asOwner.statuses());
    }
}
