package io.cinemesh.users.rest;

import io.cinemesh.users.repository.Account;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A user as plex.tv's {@code /api/v2/user} and sign-in answer it, so clients that sign in there can sign in here. */
final class UserJson {

    private UserJson() {
    }

    static Map<String, Object> of(Account a, String authToken) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id);
        m.put("uuid", uuid(a.id));
        m.put("username", a.name);
        m.put("title", a.name);
        m.put("friendlyName", a.name);
        m.put("email", a.email == null ? "" : a.email);
        m.put("thumb", "");
        m.put("kind", a.kind);
        m.put("hasPassword", a.passwordHash != null);
        m.put("protected", a.pinHash != null);
        m.put("home", true);
        m.put("homeAdmin", a.isOwner());
        m.put("restricted", a.isManaged());
        m.put("guest", false);
        m.put("confirmed", true);
        m.put("twoFactorEnabled", false);
        m.put("joinedAt", a.createdAt == null ? 0 : a.createdAt.toEpochSecond());
        if (authToken != null) {
            m.put("authToken", authToken);
        }
        return m;
    }

    /**
     * A Home member as others in the Home see them: name, picture and role, but neither the e-mail address nor
     * whether a password or PIN guards the account, which only the owner (and the user themself) may read.
     */
    static Map<String, Object> publicOf(Account a) {
        Map<String, Object> m = of(a, null);
        m.remove("email");
        m.remove("hasPassword");
        m.remove("protected");
        return m;
    }

    /** A stable per-account id in plex.tv's style (16 hex digits). */
    static String uuid(long id) {
        UUID u = UUID.nameUUIDFromBytes(("cinemesh-account:" + id).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(u.getMostSignificantBits() ^ u.getLeastSignificantBits());
    }
}
