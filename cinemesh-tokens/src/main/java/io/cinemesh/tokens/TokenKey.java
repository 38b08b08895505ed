package io.cinemesh.tokens;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A signing key and the id new tokens carry to name it. A previous key may have an {@code until}: after it, tokens
 * signed with it stop verifying even if the operator forgot to remove it from the list.
 */
public record TokenKey(String id, byte[] secret, Instant until) {

    /** Ids go into every token, unescaped, between dots: keep them short and plain. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public TokenKey {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a token key id is 1 to 32 letters, digits, '-' or '_'");
        }
        if (secret == null || secret.length < TokenCodec.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret of key '" + id + "' must be at least "
                    + TokenCodec.MIN_SECRET_BYTES + " bytes");
        }
        secret = secret.clone();
    }

    public static TokenKey of(String id, String base64Secret) {
        try {
            return new TokenKey(id, Base64.getDecoder().decode(base64Secret.trim()), null);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("a token key id")) {
                throw e;
            }
            throw new IllegalArgumentException("the token secret of key '" + id + "' must be base64 of at least "
                    + TokenCodec.MIN_SECRET_BYTES + " random bytes");
        }
    }

    /**
     * Reads one entry of {@code cinemesh.tokens.previous-keys}: {@code <id>:<base64 secret>} or
     * {@code <id>:<base64 secret>@<ISO instant>}. Base64 has neither ':' nor '@', so no escaping is needed.
     */
    public static TokenKey parse(String entry) {
        String s = entry.trim();
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a previous token key is <id>:<base64 secret>[@<until, ISO instant>]");
        }
        String id = s.substring(0, colon);
        String rest = s.substring(colon + 1);
        Instant until = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                until = Instant.parse(rest.substring(at + 1).trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("the until of previous token key '" + id
                        + "' must be an ISO instant such as 2027-01-31T00:00:00Z");
            }
            rest = rest.substring(0, at);
        }
        TokenKey key = of(id, rest);
        return new TokenKey(key.id(), key.secret(), until);
    }

    public boolean usableAt(Instant now) {
        return until == null || now.isBefore(until);
    }

    @Override
    public String toString() {
        // The secret never goes into a log line or an exception message.
        return "TokenKey[" + id + (until == null ? "" : ", until " + until) + "]";
    }
}
