package io.cinemesh.users.service;

import io.cinemesh.tokens.Caller;
import io.cinemesh.users.repository.Account;
import io.cinemesh.users.repository.AuthToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The owner must be able to get in from the first start. With {@code CINEMESH_ADMIN_TOKEN} set, that token is the
 * owner's. Without it, the first start issues the owner a token and prints it once on standard output (not
 * through the logger, so it does not travel to log storage); it can be listed and revoked like any other.
 */
@ApplicationScoped
public class FirstStart {

    private static final Logger LOG = Logger.getLogger(FirstStart.class);
    public static final String ORIGIN = "first-start";

    @Inject
    TokenService tokens;

    @ConfigProperty(name = "cinemesh.admin-token")
    Optional<String> adminToken;

    void onStart(@Observes StartupEvent start) throws Throwable {
        if (adminToken.filter(t -> !t.isBlank()).isPresent()) {
            return;
        }
        Optional<String> token = VertxContextSupport.subscribeAndAwait(this::ensureOwnerToken);
        if (token.isPresent()) {
            System.out.println("""

                    ==================================================================================
                     Cinemesh first start: the owner's token (shown once; keep it, or set
                     CINEMESH_ADMIN_TOKEN). Revoke it with DELETE /api/v2/admin/tokens/{id}.

                     %s
                    ==================================================================================
                    """.formatted(token.get()));
        } else {
            LOG.info("CINEMESH_ADMIN_TOKEN is not set; the owner's first-start token was issued before");
        }
    }

    /** Issues the owner's first-start token unless one was issued before (by this or another replica). */
    public Uni<Optional<String>> ensureOwnerToken() {
        return Panache.withSession(() -> AuthToken.count("origin", ORIGIN)).chain(n -> n > 0
                ? Uni.createFrom().item(Optional.<String>empty())
                : Panache.withTransaction(() -> Account.<Account>findById(Caller.OWNER_ID)
                                .chain(owner -> tokens.issue(owner, ORIGIN, new RequestInfo("local", null, null,
                                        null, null))))
                        .map(issued -> Optional.of(issued.token()))
                        // Another replica won the race: its token is the one that was printed.
                        .onFailure(e -> AccountService.isUniqueViolation(e))
                        .recoverWithItem(Optional.empty()));
    }
}
