package io.dequeue.smtp.dsn;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

/** The MAIL {@code ENVID} parameter: xtext of at most 100 characters of printable US-ASCII. */
public final class EnvId {

    /** RFC 3461 4.4: the ENVID value is at most 100 characters (as sent, in xtext). */
    public static final int MAX_LENGTH = 100;

    private EnvId() {
    }

    /**
     * Decodes an ENVID value.
     *
     * @throws ReplyException {@code 501 5.5.4} on bad xtext, non-printable content or excess length
     */
    public static String parse(String xtext) {
        if (xtext == null || xtext.isEmpty() || xtext.length() > MAX_LENGTH) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
        try {
            return Xtext.decodeToPrintableAscii(xtext);
        } catch (IllegalArgumentException e) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
    }

    /** The xtext form to send. */
    public static String format(String envId) {
        return Xtext.encode(envId);
    }
}
