package io.dequeue.edge.policy;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.QueueUsage;

import java.util.Optional;

/** What a domain holds now (queue-service's {@code queue.usage}); empty when nothing was published. */
@FunctionalInterface
public interface UsageLookup {
    Optional<QueueUsage> usage(DomainName domain);
}
