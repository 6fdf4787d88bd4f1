package io.dequeue.queue.topology;

import io.dequeue.model.serde.CloudEvents;
import io.dequeue.queue.store.StoreVisits;

import java.time.Duration;
import java.util.Objects;

/**
 * The service settings the topology needs (the Quarkus adapter fills them from configuration).
 *
 * @param lease how long a release to delivery-service is leased
 * @param atrnLease how long an ATRN grant lives without an outcome
 * @param tickInterval how often the wall-clock punctuator looks at due deadlines
 * @param releaseInterval how often a release in progress continues with its next batch
 * @param releaseBatchMessages most messages released per batch (bounds one transaction)
 * @param releaseBatchBytes most bytes released per batch (at least one message)
 * @param tickBatch most deadlines handled per tick
 * @param usageThrottle at most one queue.usage record per domain this often
 * @param reportingMta the gateway's host name in DSNs
 * @param fullReturnLimit without RET, DSNs return the whole message up to this size
 * @param source the CloudEvents source of every record written
 * @param changelog whether the stores have changelogs (always, except in some tests)
 * @param inMemoryStores in-memory instead of RocksDB stores (only for large test-driver tests)
 * @param metrics what the topology counts
 * @param visits store visits (tests and benchmarks read it)
 * @param dsnPort TCP port of the sender domain's mail hosts that notifications (DSNs) are sent to
 */
public record QueueOptions(Duration lease, Duration atrnLease, Duration tickInterval, Duration releaseInterval,
                           int releaseBatchMessages, long releaseBatchBytes, int tickBatch, Duration usageThrottle,
                           String reportingMta, long fullReturnLimit, String source, boolean changelog,
                           boolean inMemoryStores, QueueMetrics metrics, StoreVisits visits, int dsnPort) {
    public static final String SERVICE = "queue-service";

    public QueueOptions {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(atrnLease, "atrnLease");
        Objects.requireNonNull(tickInterval, "tickInterval");
        Objects.requireNonNull(releaseInterval, "releaseInterval");
        Objects.requireNonNull(usageThrottle, "usageThrottle");
        Objects.requireNonNull(reportingMta, "reportingMta");
        Objects.requireNonNull(source, "source");
        if (releaseBatchMessages < 1 || releaseBatchBytes < 1 || tickBatch < 1) {
            throw new IllegalArgumentException("batch sizes must be positive");
        }
        metrics = metrics == null ? QueueMetrics.NONE : metrics;
        visits = visits == null ? new StoreVisits() : visits;
        if (dsnPort < 1 || dsnPort > 65535) {
            throw new IllegalArgumentException("dsnPort out of range: " + dsnPort);
        }
    }

    /** The defaults of the service. */
    public static QueueOptions defaults() {
        return new QueueOptions(Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofSeconds(1),
                Duration.ofMillis(100), 5000, 16L * 1024 * 1024, 10_000, Duration.ofSeconds(1), "dequeue.localdomain",
                256 * 1024, CloudEvents.source(SERVICE, "queue-0"), true, false, QueueMetrics.NONE, new StoreVisits(), 25);
    }

    public QueueOptions withLease(Duration l, Duration atrn) {
        return new QueueOptions(l, atrn, tickInterval, releaseInterval, releaseBatchMessages, releaseBatchBytes,
                tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog, inMemoryStores, metrics, visits, dsnPort);
    }

    public QueueOptions withIntervals(Duration tick, Duration release, Duration throttle) {
        return new QueueOptions(lease, atrnLease, tick, release, releaseBatchMessages, releaseBatchBytes, tickBatch,
                throttle, reportingMta, fullReturnLimit, source, changelog, inMemoryStores, metrics, visits, dsnPort);
    }

    public QueueOptions withBatches(int messages, long bytes, int deadlines) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, messages, bytes, deadlines,
                usageThrottle, reportingMta, fullReturnLimit, source, changelog, inMemoryStores, metrics, visits, dsnPort);
    }

    public QueueOptions withIdentity(String mta, String ceSource) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, mta, fullReturnLimit, ceSource, changelog, inMemoryStores, metrics, visits, dsnPort);
    }

    public QueueOptions withChangelog(boolean on) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, on, inMemoryStores, metrics, visits, dsnPort);
    }

    public QueueOptions withInMemoryStores(boolean on) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog, on,
                metrics, visits, dsnPort);
    }

    public QueueOptions withMetrics(QueueMetrics m, StoreVisits v) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog, inMemoryStores, m, v, dsnPort);
    }

    public QueueOptions withFullReturnLimit(long limit) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, limit, source, changelog, inMemoryStores, metrics, visits, dsnPort);
    }

    public QueueOptions withDsnPort(int port) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog,
                inMemoryStores, metrics, visits, port);
    }
}
