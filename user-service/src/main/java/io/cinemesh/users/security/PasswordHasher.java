package io.cinemesh.users.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hashes passwords and PINs with PBKDF2-HMAC-SHA256 from the JDK (no extra dependency, FIPS-approved). The stored
 * form names its algorithm and iteration count, {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, so the count
 * can be raised later and old hashes still verify (and are re-hashed at the next sign-in).
 *
 * <p>This is CPU-bound for a few hundred milliseconds: call it off the event loop.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A well-formed hash of nothing anyone knows, so an unknown login costs as much as a wrong password. */
    private volatile String decoy;

    private final int iterations;

    public PasswordHasher(@ConfigProperty(name = "cinemesh.password.iterations", defaultValue = "600000")
            int iterations) {
        if (iterations < 10_000) {
            throw new IllegalArgumentException("cinemesh.password.iterations must be at least 10000");
        }
        this.iterations = iterations;
    }

    public String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] dk = derive(secret, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
    }

    /** Whether {@code secret} matches {@code stored}; a null or malformed stored hash matches nothing. */
    public boolean matches(String secret, String stored) {
        if (secret == null) {
            return false;
        }
        if (stored == null) {
            // Spend the same time as a real check, so that timing does not tell which logins exist.
            matches(secret, decoy());
            return false;
        }
        String[] f = stored.split("\\$");
        if (f.length != 4 || !f[0].equals(SCHEME)) {
            return false;
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] expected = b64.decode(f[3]);
            byte[] actual = derive(secret, b64.decode(f[2]), Integer.parseInt(f[1]));
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a stored hash was made with fewer iterations than asked for now. */
    public boolean needsRehash(String stored) {
        String[] f = stored == null ? new String[0] : stored.split("\\$");
        try {
            return f.length != 4 || !f[0].equals(SCHEME) || Integer.parseInt(f[1]) < iterations;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            d = hash(Long.toHexString(RANDOM.nextLong()));
            decoy = d;
        }
        return d;
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

}
