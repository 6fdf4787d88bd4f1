package io.dequeue.queue.timeline;

import io.dequeue.model.topic.Topics;

import java.time.Duration;
import java.util.Objects;

/**
 * The timeline store's limits.
 *
 * @param retention how long a settled message's timeline is kept
 * @param maxSettled most settled messages kept in all (each of the {@link Topics#DOMAIN_PARTITIONS}
 *                   partitions keeps its share); when full the oldest settled one goes first
 * @param maxEvents most events kept per message (later ones are counted, not kept; the one that
 *                  settles the message always is)
 * @param sweepInterval the least time between two sweeps (one runs only when a settled timeline is past the
 *                      retention)
 * @param sweepBatch most timelines removed per sweep
 * @param changelog whether the store has a changelog (off only in tests)
 * @param inMemory an in-memory store instead of RocksDB (tests)
 */
public record TimelineOptions(Duration retention, long maxSettled, int maxEvents, Duration sweepInterval,
                              int sweepBatch, boolean changelog, boolean inMemory) {
    public TimelineOptions {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the timeline retention must be positive");
        }
        if (maxSettled < 1 || maxEvents < 2 || sweepBatch < 1 || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("timeline limits must be positive (max-events at least 2)");
        }
    }

    /** The service defaults: 7 days, 600,000 settled messages, 200 events each, a sweep a minute. */
    public static TimelineOptions defaults() {
        return new TimelineOptions(Duration.ofDays(7), 600_000, 200, Duration.ofMinutes(1), 10_000, true, false);
    }

    /** The share of {@link #maxSettled()} of one store partition. */
    public long maxSettledPerPartition() {
        return Math.max(1, (maxSettled + Topics.DOMAIN_PARTITIONS - 1) / Topics.DOMAIN_PARTITIONS);
    }

    public TimelineOptions withRetention(Duration d) {
        return new TimelineOptions(d, maxSettled, maxEvents, sweepInterval, sweepBatch, changelog, inMemory);
    }

    public TimelineOptions withLimits(long settled, int events) {
        return new TimelineOptions(retention, settled, events, sweepInterval, sweepBatch, changelog, inMemory);
    }

    public TimelineOptions withSweep(Duration interval, int batch) {
        return new TimelineOptions(retention, maxSettled, maxEvents, interval, batch, changelog, inMemory);
    }

    public TimelineOptions withStores(boolean withChangelog, boolean memory) {
        return new TimelineOptions(retention, maxSettled, maxEvents, sweepInterval, sweepBatch, withChangelog, memory);
    }
}
