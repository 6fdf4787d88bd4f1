package io.dequeue.smtp.sasl;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

import java.util.Base64;

/**
 * Strict base64 for SASL exchanges (RFC 4954 4): standard alphabet, padding required, no
 * whitespace. A client's {@code *} cancels the exchange; {@code =} as an initial response means
 * an empty one.
 */
public final class SaslBase64 {

    private SaslBase64() {
    }

    public static String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /**
     * Decodes a response line sent after a {@code 334} (an empty line is an empty response).
     *
     * @throws ReplyException {@code 501 5.7.0} on {@code *}, {@code 501 5.5.2} on bad base64
     */
    public static byte[] decodeResponse(String line) {
        if (line.equals("*")) {
            throw new ReplyException(Replies.AUTH_CANCELLED);
        }
        return decodeStrict(line);
    }

    /**
     * Decodes the initial response of an AUTH command: {@code =} is empty.
     *
     * @throws ReplyException {@code 501 5.7.0} on {@code *}, {@code 501 5.5.2} on bad base64
     */
    public static byte[] decodeInitialResponse(String text) {
        if (text.equals("=")) {
            return new byte[0];
        }
        return decodeResponse(text);
    }

    /** True when the text is canonical padded base64. */
    public static boolean isValid(String text) {
        if (text.length() % 4 != 0) {
            return false;
        }
        int pad = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (c == '=') {
                pad++;
                if (i < text.length() - 2) {
                    return false;
                }
            } else if (!alpha || pad > 0) {
                return false;
            }
        }
        return pad <= 2;
    }

    private static byte[] decodeStrict(String text) {
        if (!isValid(text)) {
            throw new ReplyException(Replies.AUTH_BAD_BASE64);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ReplyException(Replies.AUTH_BAD_BASE64);
        }
    }
}
