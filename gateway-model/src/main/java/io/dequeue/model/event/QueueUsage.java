package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dequeue.model.DomainName;

import java.time.Instant;

/**
 * A value of the compacted {@code queue.usage} topic: what one domain holds now.
 *
 * @param domain the domain
 * @param heldCount messages held (HELD or RELEASED)
 * @param heldBytes their bytes
 * @param oldestHeldAt when the oldest was accepted, or null when nothing is held
 * @param inFlight messages released and not yet settled
 * @param updatedAt when this was computed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueUsage(DomainName domain, long heldCount, long heldBytes, Instant oldestHeldAt, long inFlight,
                         Instant updatedAt) {
}
