package io.cinemesh.gateway.routing;

import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.NetworkAdmission;
import io.cinemesh.tokens.TokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's decision on who may come in: a valid token, or a client on an allowed network, who then acts as
 * the owner. For the latter the gateway hands the services an owner token it signed itself, because the services
 * check tokens too and know nothing of networks; that credential ({@link NetworkAdmission}) is the gateway's
 * alone: the services never hand it out, and a client presenting it is refused here.
 */
@ApplicationScoped
public class Admission {

    private final TokenVerifier verifier;
    private final AllowedNetworks allowed;
    private final String ownerToken;

    @Inject
    public Admission(TokenVerifier verifier,
            @ConfigProperty(name = "cinemesh.allowed-networks") Optional<String> allowedNetworks) {
        this.verifier = verifier;
        this.allowed = AllowedNetworks.parse(allowedNetworks.orElse(""));
        Caller owner = verifier.owner();
        this.ownerToken = verifier.codec().issue(new Caller(owner.userId(), owner.name(), owner.kind(),
                NetworkAdmission.TOKEN_ID, Instant.now().getEpochSecond()));
    }

    /**
     * The token to forward: the caller's own when it is valid, the owner's when the client's network is allowed
     * without one, or empty when the request must be refused.
     */
    public Optional<String> admit(String token, String clientAddress) {
        if (token != null && !token.isEmpty()) {
            return verifier.verify(token).filter(c -> !NetworkAdmission.isNetworkAdmitted(c)).map(c -> token);
        }
        if (allowed.allows(clientAddress)) {
            return Optional.of(ownerToken);
        }
        return Optional.empty();
    }
}
