package io.dequeue.smtp.dsn;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The RCPT {@code ORCPT} parameter: an address type (e.g. {@code rfc822}) and the original
 * recipient address, decoded from xtext.
 */
public record Orcpt(String addressType, String address) {

    /** RFC 3461 4.2: the ORCPT value is at most 500 characters. */
    public static final int MAX_LENGTH = 500;

    public Orcpt {
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
    }

    /**
     * Parses {@code addr-type ";" xtext}. The address type is an atom, kept lower-cased; the
     * decoded address must be printable US-ASCII for {@code rfc822}, valid UTF-8 otherwise.
     *
     * @throws ReplyException {@code 501 5.5.4} on any syntax error
     */
    public static Orcpt parse(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
        int semi = value.indexOf(';');
        if (semi <= 0 || semi == value.length() - 1) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
        String type = value.substring(0, semi);
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-') {
                throw new ReplyException(Replies.PARAM_SYNTAX);
            }
        }
        String xtext = value.substring(semi + 1);
        try {
            String lowerType = type.toLowerCase(Locale.ROOT);
            if (lowerType.equals("rfc822")) {
                return new Orcpt(lowerType, Xtext.decodeToPrintableAscii(xtext));
            }
            byte[] raw = Xtext.decode(xtext);
            return new Orcpt(lowerType, StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(raw)).toString());
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
    }

    /** {@code rfc822;} plus the xtext of the address. */
    public static Orcpt rfc822(String address) {
        return new Orcpt("rfc822", address);
    }

    /** The parameter value to send: {@code addr-type;xtext}. */
    public String format() {
        return addressType + ";" + Xtext.encode(address);
    }
}
