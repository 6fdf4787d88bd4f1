package io.dequeue.model.metrics;

import java.util.List;

/**
 * The Kafka client and Kafka Streams metrics worth a Prometheus series. The clients report
 * hundreds of metrics, many per broker node, task, processor or store; exported whole, one
 * queue-service instance alone adds thousands of series. Kept: consumer lag (per partition and
 * the client's maximum), assigned partitions, records consumed, producer sends and errors, the
 * stream threads' own rates, and the number of live and failed stream threads. Every other meter
 * whose name starts with {@code kafka.} is dropped; meters of other names are not affected.
 */
public final class KafkaMeterNames {
    private static final List<String> KEPT = List.of(
            "kafka.consumer.fetch.manager.records.lag",
            "kafka.consumer.fetch.manager.records.consumed.total",
            "kafka.consumer.coordinator.assigned.partitions",
            "kafka.producer.record.send.total",
            "kafka.producer.record.error.total",
            "kafka.stream.thread.",
            "kafka.stream.alive.stream.threads",
            "kafka.stream.failed.stream.threads");

    private KafkaMeterNames() {
    }

    /** Whether a meter of this (Micrometer, dotted) name is exported. */
    public static boolean kept(String name) {
        if (!name.startsWith("kafka.")) {
            return true;
        }
        for (String k : KEPT) {
            if (name.startsWith(k)) {
                return true;
            }
        }
        return false;
    }
}
