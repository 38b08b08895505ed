package io.cinemesh.tokens;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the request being served, set by {@link TokenFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; only absent on a {@link PublicEndpoint}. */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no caller on this request: is the endpoint public?");
        }
        return caller;
    }

    public boolean isPresent() {
        return caller != null;
    }
}
