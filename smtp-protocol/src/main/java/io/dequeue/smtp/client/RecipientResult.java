package io.dequeue.smtp.client;

import java.util.Objects;

/** One recipient's outcome. */
public record RecipientResult(OutboundRecipient recipient, RecipientOutcome outcome) {

    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(outcome, "outcome");
    }

    public String address() {
        return recipient.address();
    }
}
