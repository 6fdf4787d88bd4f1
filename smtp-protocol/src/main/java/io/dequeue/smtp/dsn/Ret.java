package io.dequeue.smtp.dsn;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

import java.util.Locale;

/** The MAIL {@code RET} parameter: return the full message or only its headers in a DSN. */
public enum Ret {
    FULL, HDRS;

    /** @throws ReplyException {@code 501 5.5.4} unless FULL or HDRS (case-insensitive) */
    public static Ret parse(String value) {
        if (value != null) {
            switch (value.toUpperCase(Locale.ROOT)) {
                case "FULL":
                    return FULL;
                case "HDRS":
                    return HDRS;
                default:
                    break;
            }
        }
        throw new ReplyException(Replies.PARAM_SYNTAX);
    }
}
