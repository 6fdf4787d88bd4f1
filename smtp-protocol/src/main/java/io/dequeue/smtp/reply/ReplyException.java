package io.dequeue.smtp.reply;

import java.util.Objects;

/**
 * A typed failure carrying the exact reply the session must send. Thrown by the parsers of this
 * library; a policy may also fail a future with it to choose the reply. It has no stack trace: it
 * is an expected outcome, not a bug.
 */
public final class ReplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    public ReplyException(Reply reply) {
        super(Objects.requireNonNull(reply, "reply").toString(), null, false, false);
        this.reply = reply;
    }

    public Reply reply() {
        return reply;
    }
}
