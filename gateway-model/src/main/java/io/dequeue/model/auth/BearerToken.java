package io.dequeue.model.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The one bearer token of the admin API, checked in constant time: both sides are hashed to
 * SHA-256 first, so neither the content nor the length of the token shows in the timing.
 */
public final class BearerToken {
    /** The outcome of checking an {@code Authorization} header. */
    public enum Check { VALID, MISSING, INVALID }

    private final byte[] expected;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token is empty");
        }
        this.expected = sha256(token);
    }

    /** Checks the value of an {@code Authorization} header ({@code Bearer <token>}). */
    public Check check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Check.MISSING;
        }
        String a = authorization.strip();
        int space = a.indexOf(' ');
        if (space < 0 || !a.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Check.MISSING;
        }
        String given = a.substring(space + 1).strip();
        return MessageDigest.isEqual(expected, sha256(given)) ? Check.VALID : Check.INVALID;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
