package io.dequeue.model.credential;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a gateway's AUTH password is kept: a PBKDF2 hash for PLAIN and LOGIN, and, when CRAM-MD5 is
 * enabled for the gateway, the HMAC-MD5 pad states. Never the clear password.
 *
 * @param pbkdf2 the password hash
 * @param cramMd5 the CRAM-MD5 pad states, or null when CRAM-MD5 is off for the gateway
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredSecret(Pbkdf2Hash pbkdf2, CramMd5PadStates cramMd5) {
    public StoredSecret {
        Objects.requireNonNull(pbkdf2, "pbkdf2");
    }

    /** Derives what is stored from a clear password, which the caller then forgets. */
    public static StoredSecret fromPassword(char[] password, boolean withCramMd5) {
        return fromPassword(password, withCramMd5, Pbkdf2Hash.DEFAULT_ITERATIONS);
    }

    public static StoredSecret fromPassword(char[] password, boolean withCramMd5, int iterations) {
        CramMd5PadStates pads = null;
        if (withCramMd5) {
            ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[bb.remaining()];
            bb.get(bytes);
            pads = CramMd5PadStates.fromPassword(bytes);
            Arrays.fill(bytes, (byte) 0);
            if (bb.hasArray()) {
                Arrays.fill(bb.array(), (byte) 0);
            }
        }
        return new StoredSecret(Pbkdf2Hash.of(password, iterations), pads);
    }

    public boolean verifyPassword(char[] password) {
        return pbkdf2.verify(password);
    }

    /** False when CRAM-MD5 is not enabled for the gateway. */
    public boolean verifyCramMd5(byte[] challenge, String hexDigest) {
        return cramMd5 != null && cramMd5.verify(challenge, hexDigest);
    }

    @Override
    public String toString() {
        return "StoredSecret[redacted]";
    }
}
