package io.dequeue.smtp.sasl;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login): the server asks {@code Username:} then
 * {@code Password:}, each answered with base64.
 */
public final class Login {

    public static final String NAME = "LOGIN";
    public static final byte[] USERNAME_CHALLENGE = "Username:".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] PASSWORD_CHALLENGE = "Password:".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FIELD = 255;

    private Login() {
    }

    /** @throws ReplyException {@code 501 5.5.2} on an empty, over-long or non-UTF-8 user name */
    public static String decodeUsername(byte[] response) {
        if (response.length < 1 || response.length > MAX_FIELD) {
            throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
        }
        try {
            return Utf8.decode(response, 0, response.length);
        } catch (CharacterCodingException e) {
            throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
        }
    }

    /** @throws ReplyException {@code 501 5.5.2} on an empty or over-long password */
    public static byte[] checkPassword(byte[] response) {
        if (response.length < 1 || response.length > MAX_FIELD) {
            throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
        }
        return response;
    }

    /** Client side: base64 of the user name. */
    public static String usernameResponse(String username) {
        return SaslBase64.encode(username.getBytes(StandardCharsets.UTF_8));
    }

    /** Client side: base64 of the password. */
    public static String passwordResponse(byte[] password) {
        return SaslBase64.encode(password);
    }
}
