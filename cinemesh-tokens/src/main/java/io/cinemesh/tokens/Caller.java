package io.cinemesh.tokens;

/**
 * The user a request speaks for, read from its token. Services take the user from here for watch state,
 * sessions and shares; they never trust a user id sent any other way.
 */
public record Caller(long userId, String name, CallerKind kind, String tokenId, long issuedAt) {

    /** The owner's user id: the account created at first start. */
    public static final long OWNER_ID = 1;

    public boolean isOwner() {
        return kind == CallerKind.OWNER;
    }
}
