package io.dequeue.queue.topology;

import io.dequeue.model.serde.CloudEvents;
import io.dequeue.queue.body.BodySource;
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
 * @param dsnRetryFirst how long a DSN whose delivery failed temporarily waits before its second attempt
 * @param dsnRetryMax the longest wait between two attempts of a DSN (the wait doubles per attempt up to it)
 * @param bodies opens each task's source of bodies ({@code mail.accepted}); no default: the service
 *     gives the Kafka one, topology tests an in-memory one
 */
public record QueueOptions(Duration lease, Duration atrnLease, Duration tickInterval, Duration releaseInterval,
                           int releaseBatchMessages, long releaseBatchBytes, int tickBatch, Duration usageThrottle,
                           String reportingMta, long fullReturnLimit, String source, boolean changelog,
                           boolean inMemoryStores, QueueMetrics metrics, StoreVisits visits, int dsnPort,
                           Duration dsnRetryFirst, Duration dsnRetryMax, BodySource.Factory bodies) {
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
        Objects.requireNonNull(dsnRetryFirst, "dsnRetryFirst");
        Objects.requireNonNull(dsnRetryMax, "dsnRetryMax");
        if (dsnRetryFirst.compareTo(Duration.ofSeconds(1)) < 0 || dsnRetryMax.compareTo(dsnRetryFirst) < 0) {
            throw new IllegalArgumentException("DSN retries: the first wait must be at least 1s and at most the longest");
        }
    }

    /** How long a DSN waits after its {@code attempts}-th attempt failed temporarily (doubling, capped). */
    public Duration dsnRetryAfter(int attempts) {
        Duration d = dsnRetryFirst;
        for (int i = 1; i < attempts && d.compareTo(dsnRetryMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(dsnRetryMax) > 0 ? dsnRetryMax : d;
    }

    /** The defaults of the service. */
    public static QueueOptions defaults() {
        return new QueueOptions(Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofSeconds(1),
                Duration.ofMillis(100), 5000, 16L * 1024 * 1024, 10_000, Duration.ofSeconds(1), "dequeue.localdomain",
                256 * 1024, CloudEvents.source(SERVICE, "queue-0"), true, false, QueueMetrics.NONE, new StoreVisits(), 25,
                Duration.ofMinutes(1), Duration.ofHours(1), null);
    }

    public QueueOptions withLease(Duration l, Duration atrn) {
        return new QueueOptions(l, atrn, tickInterval, releaseInterval, releaseBatchMessages, releaseBatchBytes,
                tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog, inMemoryStores, metrics, visits, dsnPort, dsnRetryFirst, dsnRetryMax, bodies);
    }

    public QueueOptions withIntervals(Duration tick, Duration release, Duration throttle) {
        return new QueueOptions(lease, atrnLease, tick, release, releaseBatchMessages, releaseBatchBytes, tickBatch,
                throttle, reportingMta, fullReturnLimit, source, changelog, inMemoryStores, metrics, visits, dsnPort, dsnRetryFirst, dsnRetryMax, bodies);
    }

    public QueueOptions withBatches(int messages, long bytes, int deadlines) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, messages, bytes, deadlines,
                usageThrottle, reportingMta, fullReturnLimit, source, changelog, inMemoryStores, metrics, visits, dsnPort, dsnRetryFirst, dsnRetryMax, bodies);
    }

    public QueueOptions withIdentity(String mta, String ceSource) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, mta, fullReturnLimit, ceSource, changelog, inMemoryStores, metrics, visits, dsnPort, dsnRetryFirst, dsnRetryMax, bodies);
    }

    public QueueOptions withChangelog(boolean on) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, on, inMemoryStores, metrics, visits, dsnPort, dsnRetryFirst, dsnRetryMax, bodies);
    }

    public QueueOptions withInMemoryStores(boolean on) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog, on,
                metrics, visits, dsnPort, dsnRetryFirst, dsnRetryMax, bodies);
    }

    public QueueOptions withMetrics(QueueMetrics m, StoreVisits v) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog, inMemoryStores, m, v, dsnPort, dsnRetryFirst, dsnRetryMax, bodies);
    }

    public QueueOptions withFullReturnLimit(long limit) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, limit, source, changelog, inMemoryStores, metrics, visits, dsnPort, dsnRetryFirst, dsnRetryMax, bodies);
    }

    public QueueOptions withDsnRetry(Duration first, Duration max) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog,
                inMemoryStores, metrics, visits, dsnPort, first, max, bodies);
    }

    public QueueOptions withBodies(BodySource.Factory factory) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog,
                inMemoryStores, metrics, visits, dsnPort, dsnRetryFirst, dsnRetryMax, factory);
    }

    public QueueOptions withDsnPort(int port) {
        return new QueueOptions(lease, atrnLease, tickInterval, releaseInterval, releaseBatchMessages,
                releaseBatchBytes, tickBatch, usageThrottle, reportingMta, fullReturnLimit, source, changelog,
                inMemoryStores, metrics, visits, port, dsnRetryFirst, dsnRetryMax, bodies);
    }
}
