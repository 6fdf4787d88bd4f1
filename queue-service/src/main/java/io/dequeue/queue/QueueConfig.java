package io.dequeue.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** queue-service's own settings ({@code dequeue.queue.*}); Kafka Streams settings are {@code kafka-streams.*}. */
@ConfigMapping(prefix = "dequeue.queue")
public interface QueueConfig {
    /** How long delivery-service may work on a release before the messages return to HELD. */
    @WithDefault("PT10M")
    Duration lease();

    /** How long an ATRN grant lives without an outcome from its session. */
    @WithDefault("PT30M")
    Duration atrnLease();

    /** How often the wall-clock punctuator handles due deadlines (leases, expiry, warnings, usage). */
    @WithDefault("PT1S")
    Duration tickInterval();

    /** How often a release in progress continues with its next batch. */
    @WithDefault("PT0.1S")
    Duration releaseInterval();

    /**
     * Most messages released in one batch (one batch is part of one transaction); a release's
     * first batch is at most 100 messages.
     */
    @WithDefault("1000")
    int releaseBatchMessages();

    /** Most bytes released in one batch (at least one message); a release's first batch at most 1 MiB. */
    @WithDefault("8388608")
    long releaseBatchBytes();

    /** Most deadlines handled per tick. */
    @WithDefault("10000")
    int tickBatch();

    /** At most one queue.usage record per domain this often. */
    @WithDefault("PT1S")
    Duration usageThrottle();

    /** The gateway's host name in DSNs (Reporting-MTA, MAILER-DAEMON@...). */
    @WithDefault("dequeue.localdomain")
    String reportingMta();

    /** Without RET, a DSN returns the whole message up to this size, only its header above. */
    @WithDefault("262144")
    long fullReturnLimit();

    /**
     * TCP port of the sender domain's mail hosts (found by MX) that delivery status notifications
     * are sent to; SMTP's 25 except for tests and private relays.
     */
    @WithDefault("25")
    int dsnPort();

    /**
     * A DSN is held like any message and released to the sender's mail hosts at once; after a
     * temporary failure it waits this long before its next attempt, twice as long after each
     * further one, up to {@link #dsnRetryMax()}, until it is delivered or its hold time ends.
     */
    @WithDefault("PT1M")
    Duration dsnRetryFirst();

    /** The longest wait between two attempts to deliver a DSN. */
    @WithDefault("PT1H")
    Duration dsnRetryMax();

    /** Reading held mail's bodies back from {@code mail.accepted} ({@code dequeue.queue.bodies.*}). */
    Bodies bodies();

    interface Bodies {
        /**
         * The fetch size of each task's reader of {@code mail.accepted}: what one read may bring
         * into memory (a larger record still comes, alone). Small, because a read wants one record.
         */
        @WithDefault("262144")
        int fetchBytes();

        /** How long one read may wait for the broker before the task fails and is retried. */
        @WithDefault("PT30S")
        Duration timeout();
    }

    /** This instance's name in CloudEvents sources ({@code /dequeue/queue-service/<instance>}). */
    @WithDefault("queue-0")
    String instance();

    /** The per-domain gauges ({@code dequeue.queue.metrics.*}). */
    Metrics metrics();

    interface Metrics {
        /**
         * Label the queue gauges with the domain; off for very large installations (one series per
         * domain), which then get the totals only (and the oldest age and hold ratio of the worst domain).
         */
        @WithDefault("true")
        boolean domainLabel();

        /** How often the gauges are read from this instance's stores. */
        @WithDefault("PT10S")
        Duration refreshInterval();
    }
}
