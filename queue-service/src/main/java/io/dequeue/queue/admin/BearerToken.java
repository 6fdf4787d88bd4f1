package io.dequeue.queue.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The admin API's bearer token, compared in constant time: both sides are hashed with SHA-256
 * and the digests compared with {@link MessageDigest#isEqual}, so neither the token's content nor
 * its length shows in the timing.
 */
public final class BearerToken {
    public enum Check { VALID, MISSING, INVALID }

    private final byte[] digest;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token is empty");
        }
        digest = sha256(token);
    }

    /** Checks an {@code Authorization} header value. */
    public Check check(String authorization) {
        if (authorization == null) {
            return Check.MISSING;
        }
        String a = authorization.strip();
        int space = a.indexOf(' ');
        if (space < 0 || !a.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Check.MISSING;
        }
        return MessageDigest.isEqual(digest, sha256(a.substring(space + 1).strip())) ? Check.VALID : Check.INVALID;
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
