package io.dequeue.delivery.transport.pool;

import io.dequeue.smtp.client.MessageResult;
import io.dequeue.smtp.client.RecipientOutcome;

import java.util.Objects;

/** How a message submitted to the pool ended. */
public sealed interface JobResult {

    /** It was sent: one outcome per recipient. */
    record Sent(MessageResult result, String remoteHost) implements JobResult {
        public Sent {
            Objects.requireNonNull(result, "result");
        }
    }

    /** It could not be sent (no connection): the same outcome for every recipient. */
    record Failed(RecipientOutcome outcome, String remoteHost) implements JobResult {
        public Failed {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Its lease ran out before a connection took it: nothing was sent. */
    record Stale() implements JobResult {
    }
}
