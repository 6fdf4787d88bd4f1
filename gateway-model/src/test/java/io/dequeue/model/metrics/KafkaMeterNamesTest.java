package io.dequeue.model.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaMeterNamesTest {
    @Test
    void lagAndThreadMetricsAreKept() {
        assertThat(KafkaMeterNames.kept("kafka.consumer.fetch.manager.records.lag.max")).isTrue();
        assertThat(KafkaMeterNames.kept("kafka.consumer.fetch.manager.records.lag")).isTrue();
        assertThat(KafkaMeterNames.kept("kafka.consumer.coordinator.assigned.partitions")).isTrue();
        assertThat(KafkaMeterNames.kept("kafka.stream.thread.process.rate")).isTrue();
        assertThat(KafkaMeterNames.kept("kafka.producer.record.error.total")).isTrue();
    }

    @Test
    void perNodeTaskProcessorAndStoreMetricsAreDropped() {
        assertThat(KafkaMeterNames.kept("kafka.consumer.node.request.latency.max")).isFalse();
        assertThat(KafkaMeterNames.kept("kafka.stream.task.process.latency.avg")).isFalse();
        assertThat(KafkaMeterNames.kept("kafka.stream.processor.node.process.total")).isFalse();
        assertThat(KafkaMeterNames.kept("kafka.stream.state.put.rate")).isFalse();
        assertThat(KafkaMeterNames.kept("kafka.producer.node.outgoing.byte.rate")).isFalse();
    }

    @Test
    void otherMetersAreNotAffected() {
        assertThat(KafkaMeterNames.kept("dequeue.queue.held.messages")).isTrue();
        assertThat(KafkaMeterNames.kept("jvm.memory.used")).isTrue();
    }
}
