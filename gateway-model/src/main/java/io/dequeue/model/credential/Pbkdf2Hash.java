package io.dequeue.model.credential;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PBKDF2-HMAC-SHA256 password hash in the form {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 * New hashes use {@link #DEFAULT_ITERATIONS} (OWASP's recommendation for PBKDF2-HMAC-SHA256); a
 * hash keeps the count it was made with, so older hashes with fewer iterations still verify.
 */
public final class Pbkdf2Hash {
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "pbkdf2-sha256";

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private Pbkdf2Hash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    public static Pbkdf2Hash of(char[] password) {
        return of(password, DEFAULT_ITERATIONS);
    }

    public static Pbkdf2Hash of(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Pbkdf2Hash(iterations, salt, derive(password, salt, iterations));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
        }
    }

    @JsonCreator
    public static Pbkdf2Hash parse(String text) {
        String[] p = text == null ? new String[0] : text.split("\\$");
        if (p.length != 4 || !PREFIX.equals(p[0])) {
            throw new IllegalArgumentException("not a " + PREFIX + " hash");
        }
        int it = Integer.parseInt(p[1]);
        if (it < 1_000 || it > 10_000_000) {
            throw new IllegalArgumentException("implausible iteration count");
        }
        byte[] salt = Base64.getDecoder().decode(p[2]);
        byte[] hash = Base64.getDecoder().decode(p[3]);
        if (salt.length == 0 || hash.length == 0) {
            throw new IllegalArgumentException("empty salt or hash");
        }
        return new Pbkdf2Hash(it, salt, hash);
    }

    /** The iteration count this hash was made with. */
    public int iterations() {
        return iterations;
    }

    @JsonValue
    public String encoded() {
        return PREFIX + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    /** Constant-time check of a password. */
    public boolean verify(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    @Override
    public String toString() {
        return "Pbkdf2Hash[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pbkdf2Hash p && p.iterations == iterations
                && java.util.Arrays.equals(p.salt, salt) && java.util.Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() {
        return 31 * iterations + java.util.Arrays.hashCode(hash);
    }
}
