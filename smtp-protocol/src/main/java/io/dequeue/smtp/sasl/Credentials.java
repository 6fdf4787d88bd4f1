package io.dequeue.smtp.sasl;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A user name and password from PLAIN or LOGIN. The password stays a byte array (UTF-8) so that it
 * can be {@link #clear() cleared}; {@link #toString()} never shows it. Do not log the password.
 */
public final class Credentials {

    private final String authorizationId;
    private final String username;
    private final byte[] password;

    /**
     * @param authorizationId the identity to act as (PLAIN authzid), empty when not given
     * @param username        the authentication identity
     * @param password        UTF-8 bytes; the array is taken over, not copied
     */
    public Credentials(String authorizationId, String username, byte[] password) {
        this.authorizationId = Objects.requireNonNull(authorizationId);
        this.username = Objects.requireNonNull(username);
        this.password = Objects.requireNonNull(password);
    }

    public String authorizationId() {
        return authorizationId;
    }

    public String username() {
        return username;
    }

    /** A copy of the password bytes (UTF-8). */
    public byte[] password() {
        return password.clone();
    }

    /** A copy of the password as chars (for PBKDF2 and similar APIs); clear it after use. */
    public char[] passwordChars() {
        CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] chars = new char[cb.remaining()];
        cb.get(chars);
        if (cb.hasArray()) {
            Arrays.fill(cb.array(), '\0');
        }
        return chars;
    }

    /** Overwrites the password with zeros. */
    public void clear() {
        Arrays.fill(password, (byte) 0);
    }

    @Override
    public String toString() {
        return "Credentials[authzid=" + authorizationId + ", user=" + username + ", password=***]";
    }
}
