package io.cinemesh.tokens;

/** Who a token speaks for: the server's owner, a user with a password, or a managed (Plex Home) user. */
public enum CallerKind {
    OWNER, USER, MANAGED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static CallerKind fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
