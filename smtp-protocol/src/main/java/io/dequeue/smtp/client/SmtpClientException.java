package io.dequeue.smtp.client;

import io.dequeue.smtp.reply.Reply;

import java.util.Objects;

/**
 * A client session could not be set up, or is no longer usable. Carries the reply that explains it
 * (the peer's or a {@link LocalReplies local} one). No stack trace: it is an expected outcome.
 *
 * <p>From {@link SmtpClientSession#send}, it means that nothing of that message reached the peer:
 * the message may be sent on another connection.
 */
public final class SmtpClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    public SmtpClientException(Reply reply) {
        super(Objects.requireNonNull(reply, "reply").toString(), null, false, false);
        this.reply = reply;
    }

    public Reply reply() {
        return reply;
    }

    /** The outcome this failure means for a recipient (5xx permanent, else transient). */
    public RecipientOutcome outcome() {
        return RecipientOutcome.failure(reply);
    }
}
