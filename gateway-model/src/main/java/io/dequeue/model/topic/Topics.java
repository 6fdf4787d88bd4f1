package io.dequeue.model.topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every topic of the event contract, in one place.
 *
 * <p>All topics are keyed by the lower-cased A-label domain. The topics read by queue-service
 * ({@link #MAIL_ACCEPTED}, {@link #DEQUEUE_REQUESTS}, {@link #DELIVERY_OUTCOMES}) and the ones it
 * writes per domain share {@link #DOMAIN_PARTITIONS} so that one domain's events meet in the same
 * partition number. {@link #EDGE_REPLIES} has one partition per edge instance: each instance reads
 * only its own.
 */
public final class Topics {
    public static final String GATEWAY_CONFIG = "gateway.config";
    public static final String MAIL_ACCEPTED = "mail.accepted";
    public static final String DEQUEUE_REQUESTS = "dequeue.requests";
    public static final String MAIL_RELEASED = "mail.released";
    public static final String EDGE_REPLIES = "edge.replies";
    public static final String DELIVERY_OUTCOMES = "delivery.outcomes";
    public static final String QUEUE_USAGE = "queue.usage";
    public static final String MAIL_LIFECYCLE = "mail.lifecycle";

    /** Partition count of every domain-keyed, co-partitioned topic. */
    public static final int DOMAIN_PARTITIONS = 6;
    /** Partition count of {@link #EDGE_REPLIES}: the largest number of edge instances. */
    public static final int EDGE_REPLY_PARTITIONS = 8;
    /** Largest record: a message of the largest accepted size plus envelope headers. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    /** The largest message size a gateway may be configured to accept. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = 50L * 1024 * 1024;

    /**
     * The longest hold time a gateway may be given (config-service refuses more, queue-service
     * holds no longer): {@link #MAIL_ACCEPTED} is where held mail's bodies stay, so its retention
     * is derived from it.
     */
    public static final Duration MAX_HOLD_TIME_LIMIT = Duration.ofDays(14);
    /**
     * How long {@link #MAIL_ACCEPTED} keeps a record: the longest hold time plus a margin for what
     * may keep a message a little longer (a live lease at expiry, a queue-service that was down
     * when the hold ended, a producer clock behind the broker's).
     */
    public static final Duration ACCEPTED_RETENTION = MAX_HOLD_TIME_LIMIT.plusDays(2);

    private static final String MAX_BYTES = Integer.toString(MAX_RECORD_BYTES);

    private static final List<TopicSpec> ALL = List.of(
            new TopicSpec(GATEWAY_CONFIG, 1,
                    Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"),
                    "gateway definitions, key = domain, tombstone = deleted"),
            new TopicSpec(MAIL_ACCEPTED, DOMAIN_PARTITIONS, Map.of("max.message.bytes", MAX_BYTES,
                    "retention.ms", Long.toString(ACCEPTED_RETENTION.toMillis())),
                    "raw accepted messages with their envelope, edge -> queue; the held mail's bodies"),
            new TopicSpec(DEQUEUE_REQUESTS, DOMAIN_PARTITIONS, Map.of(),
                    "etrn / atrn / admin requests, edge and admin -> queue"),
            new TopicSpec(MAIL_RELEASED, DOMAIN_PARTITIONS, Map.of("max.message.bytes", MAX_BYTES),
                    "released messages with release id, lease and target, queue -> delivery"),
            new TopicSpec(EDGE_REPLIES, EDGE_REPLY_PARTITIONS, Map.of("max.message.bytes", MAX_BYTES),
                    "answers and ATRN-released messages, written to the asking edge's partition"),
            new TopicSpec(DELIVERY_OUTCOMES, DOMAIN_PARTITIONS, Map.of(),
                    "per-recipient delivery results, delivery and edge -> queue"),
            new TopicSpec(QUEUE_USAGE, DOMAIN_PARTITIONS,
                    Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"),
                    "per-domain held count, bytes, oldest, in flight, queue -> edge and people"),
            new TopicSpec(MAIL_LIFECYCLE, DOMAIN_PARTITIONS, Map.of("retention.ms", Long.toString(30L * 24 * 3600 * 1000)),
                    "small JSON audit events from every service"));

    private Topics() {
    }

    /** Every topic of the contract. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** The spec of one topic by name. */
    public static TopicSpec byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a topic of the contract: " + name));
    }
}
