package io.dequeue.queue.topology;

import io.dequeue.model.event.LifecycleEvent;

/**
 * What the queue processor tells the message timeline about a step it took, in that step (the same
 * transaction as its {@code mail.lifecycle} records): the timeline then need not read its own
 * {@code held} and {@code released} events back from {@code mail.lifecycle}. Forwarded to
 * {@link QueueTopology#STEPS}, a node without children unless the timeline is attached.
 */
public sealed interface QueueStep {

    /**
     * A {@code mail.accepted} record the queue processed.
     *
     * @param accepted the decoded record
     * @param recordTime the record's timestamp: when the edge handed it to Kafka, the time of its
     *                   {@code accepted} event
     * @param held the {@code held} event the queue made of it, or null when it did not hold it (a copy of
     *             a message it holds already)
     */
    record Accepted(QueueInput.Accepted accepted, long recordTime, LifecycleEvent held) implements QueueStep {
    }

    /**
     * A {@code held} or {@code released} event the queue made in another step (a release, a lease or
     * a grant that ended, a transient failure), or in the same step after the message was held (a
     * notification that delivers itself).
     *
     * @param event the event as written to {@code mail.lifecycle}
     */
    record Event(LifecycleEvent event) implements QueueStep {
    }
}
