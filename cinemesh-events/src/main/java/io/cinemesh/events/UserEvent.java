package io.cinemesh.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code user.events} {@code user.changed}, {@code user.deleted}, {@code share.changed}, {@code token.revoked}.
 *
 * @param userId whose account, shares or tokens changed
 * @param tokenId the one token revoked, if one
 * @param issuedUpTo every token of the user issued at or before this epoch second is revoked, if set
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserEvent(long userId, String tokenId, Long issuedUpTo) implements EventPayload {

    public static UserEvent of(long userId) {
        return new UserEvent(userId, null, null);
    }
}
