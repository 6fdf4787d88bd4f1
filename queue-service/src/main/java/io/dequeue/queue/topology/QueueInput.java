package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.DequeueRequest;

/** What the queue processor receives, decoded from its three co-partitioned input topics. */
public sealed interface QueueInput {

    /**
     * A message from {@code mail.accepted}.
     *
     * @param envelope its envelope (this domain's recipients)
     * @param raw the message bytes
     * @param offset the record's offset: the message's sequence in the domain
     * @param handoffHops how many local hand-offs it went through already
     * @param dsn whether it is a notification made by the gateway
     */
    record Accepted(Envelope envelope, byte[] raw, long offset, int handoffHops, boolean dsn) implements QueueInput {
    }

    /**
     * A request from {@code dequeue.requests}.
     *
     * @param request the request
     */
    record Request(DequeueRequest request) implements QueueInput {
    }

    /** A result from {@code delivery.outcomes}. */
    record Outcome(DeliveryOutcome outcome) implements QueueInput {
    }
}
