package io.cinemesh.users.rest;

import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import jakarta.ws.rs.ForbiddenException;

/** The admin API is the owner's alone. */
final class Owner {

    private Owner() {
    }

    static Caller require(CurrentCaller current) {
        Caller c = current.get();
        if (!c.isOwner()) {
            throw new ForbiddenException("Only the server owner may use the admin API");
        }
        return c;
    }
}
