package io.dequeue.smtp.sasl;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}. */
public final class Plain {

    public static final String NAME = "PLAIN";
    private static final int MAX_FIELD = 255;

    private Plain() {
    }

    /**
     * Decodes a PLAIN message (already base64-decoded).
     *
     * @throws ReplyException {@code 501 5.5.2} unless exactly two NULs, a non-empty user name and
     *                        password, at most 255 octets each, names in valid UTF-8
     */
    public static Credentials decode(byte[] message) {
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (first < 0 || second < 0 || indexOf(message, second + 1) >= 0) {
            throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
        }
        int authcidLen = second - first - 1;
        int passLen = message.length - second - 1;
        if (first > MAX_FIELD || authcidLen < 1 || authcidLen > MAX_FIELD || passLen < 1 || passLen > MAX_FIELD) {
            throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
        }
        try {
            String authzid = Utf8.decode(message, 0, first);
            String authcid = Utf8.decode(message, first + 1, authcidLen);
            return new Credentials(authzid, authcid, Arrays.copyOfRange(message, second + 1, message.length));
        } catch (CharacterCodingException e) {
            throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
        }
    }

    /** Client side: the base64 initial response for {@code AUTH PLAIN}. */
    public static String initialResponse(String authzid, String username, byte[] password) {
        byte[] a = (authzid == null ? "" : authzid).getBytes(StandardCharsets.UTF_8);
        byte[] u = username.getBytes(StandardCharsets.UTF_8);
        byte[] msg = new byte[a.length + u.length + password.length + 2];
        System.arraycopy(a, 0, msg, 0, a.length);
        System.arraycopy(u, 0, msg, a.length + 1, u.length);
        System.arraycopy(password, 0, msg, a.length + u.length + 2, password.length);
        String out = SaslBase64.encode(msg);
        Arrays.fill(msg, (byte) 0);
        return out;
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
