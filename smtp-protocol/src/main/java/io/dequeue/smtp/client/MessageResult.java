package io.dequeue.smtp.client;

import java.util.List;

/**
 * The outcome of one message: one result per recipient, in the order of the message's recipients.
 *
 * @param results       per recipient
 * @param bytesWritten  message octets written after DATA (dot-stuffed), 0 when DATA was not reached
 */
public record MessageResult(List<RecipientResult> results, long bytesWritten) {

    public MessageResult {
        results = List.copyOf(results);
    }

    public boolean allDelivered() {
        return results.stream().allMatch(r -> r.outcome() instanceof RecipientOutcome.Delivered);
    }

    public long count(Class<? extends RecipientOutcome> kind) {
        return results.stream().filter(r -> kind.isInstance(r.outcome())).count();
    }
}
