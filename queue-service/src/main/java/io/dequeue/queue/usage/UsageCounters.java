package io.dequeue.queue.usage;

/**
 * What one domain holds, kept current with every transition, and when it was last published.
 *
 * @param heldCount messages held (HELD or RELEASED)
 * @param heldBytes their bytes
 * @param inFlight messages RELEASED and not yet settled
 * @param lastEmittedAt when queue.usage was last written for the domain (epoch millis, 0 = never)
 * @param flushAt when a throttled write is scheduled (epoch millis, 0 = none)
 */
public record UsageCounters(long heldCount, long heldBytes, long inFlight, long lastEmittedAt, long flushAt) {
    public static final UsageCounters EMPTY = new UsageCounters(0, 0, 0, 0, 0);

    /** Messages waiting in HELD (not released). */
    public long waiting() {
        return Math.max(0, heldCount - inFlight);
    }

    public UsageCounters plus(long count, long bytes, long flight) {
        return new UsageCounters(heldCount + count, heldBytes + bytes, inFlight + flight, lastEmittedAt, flushAt);
    }

    public UsageCounters emitted(long at) {
        return new UsageCounters(heldCount, heldBytes, inFlight, at, 0);
    }

    public UsageCounters flushScheduled(long at) {
        return new UsageCounters(heldCount, heldBytes, inFlight, lastEmittedAt, at);
    }
}
