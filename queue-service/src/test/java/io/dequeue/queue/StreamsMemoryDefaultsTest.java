package io.dequeue.queue;

import io.dequeue.model.topic.Topics;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsMemoryDefaultsTest {
    private static final long MIB = 1024 * 1024;

    private static long value(Map<String, String> m, String key) {
        return Long.parseLong(m.get("kafka-streams." + key));
    }

    @Test
    void aHalfGigabyteHeapGetsBuffersThatLeaveMostOfItToTheStreamThread() {
        long heap = 494 * MIB; // -Xmx512m with SerialGC
        Map<String, String> m = StreamsMemoryDefaults.forHeap(heap);
        long fetch = value(m, "consumer.fetch.max.bytes");
        long queued = value(m, "buffered.records.per.partition");
        long cache = value(m, "statestore.cache.max.bytes");
        long producer = value(m, "producer.buffer.memory");
        assertThat(value(m, "consumer.max.partition.fetch.bytes")).isEqualTo(MIB);
        assertThat(fetch).isBetween(7 * MIB, 8 * MIB);
        assertThat(queued).isEqualTo(15);
        assertThat(cache).isZero();
        assertThat(producer).isEqualTo(Topics.MAX_RECORD_BYTES + MIB);
        // a fetch in flight and its polled copy, one partition's queue of 1 MiB messages, the cache,
        // the producer's pool and the records its callbacks keep: within half of SerialGC's old
        // generation (2/3 H)
        assertThat(2 * fetch + (queued + 1) * MIB + cache + 2 * producer).isLessThan(heap / 3 + 10 * MIB);
    }

    @Test
    void theProducerAlwaysTakesTheLargestRecord() {
        long heap = 128 * MIB;
        Map<String, String> m = StreamsMemoryDefaults.forHeap(heap);
        assertThat(value(m, "producer.buffer.memory")).isGreaterThan(Topics.MAX_RECORD_BYTES);
        assertThat(value(m, "consumer.fetch.max.bytes")).isEqualTo(4 * MIB);
        assertThat(value(m, "buffered.records.per.partition")).isEqualTo(4);
        assertThat(value(m, "statestore.cache.max.bytes")).isZero();
    }

    @Test
    void aLargeHeapStopsAtKafkasOwnLimits() {
        Map<String, String> m = StreamsMemoryDefaults.forHeap(64L * 1024 * MIB);
        assertThat(value(m, "consumer.fetch.max.bytes")).isEqualTo(50 * MIB);
        assertThat(value(m, "buffered.records.per.partition")).isEqualTo(1000);
        assertThat(StreamsMemoryDefaults.forHeap(2048 * MIB).get("kafka-streams.producer.buffer.memory"))
                .isEqualTo(Long.toString(256 * MIB));
        assertThat(value(m, "statestore.cache.max.bytes")).isZero();
        assertThat(value(m, "producer.buffer.memory")).isEqualTo(4L * Topics.MAX_RECORD_BYTES);
    }

    @Test
    void explicitSettingsWinOverTheseDefaults() {
        // application.properties is 250, the environment 300, system properties 400
        assertThat(new StreamsMemoryDefaults().getOrdinal()).isLessThan(250);
    }
}
