package io.dequeue.smtp.client;

import io.dequeue.smtp.reply.Reply;

import java.util.Objects;

/**
 * How one recipient of one attempt ended, with the reply that decided it (the peer's, or a
 * {@link LocalReplies local} one for timeouts, lost connections and checks made before sending).
 */
public sealed interface RecipientOutcome {

    Reply reply();

    /** The peer took responsibility for the message (2xx after the final dot). */
    record Delivered(Reply reply) implements RecipientOutcome {
        public Delivered {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** Try again later: a 4xx, a timeout or a lost connection. */
    record Transient(Reply reply) implements RecipientOutcome {
        public Transient {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** Do not try again: a 5xx. */
    record Permanent(Reply reply) implements RecipientOutcome {
        public Permanent {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** A refusal: 5xx permanent, anything else transient. */
    static RecipientOutcome failure(Reply reply) {
        return reply.isPermanentFailure() ? new Permanent(reply) : new Transient(reply);
    }

    /** The reply to the final dot: 2xx delivered, 5xx permanent, anything else transient. */
    static RecipientOutcome finalReply(Reply reply) {
        return reply.isPositiveCompletion() ? new Delivered(reply) : failure(reply);
    }
}
