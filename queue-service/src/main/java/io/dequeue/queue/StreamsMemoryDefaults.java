package io.dequeue.queue;

import io.dequeue.model.serde.ProducerDefaults;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kafka Streams' buffers sized to this JVM's heap ({@link Runtime#maxMemory()}), as defaults: any
 * {@code kafka-streams.*} setting of the same name in application.properties, the environment or a
 * system property wins (this source's ordinal is below all of them).
 *
 * <p>Every body passes through queue-service several times (mail.accepted in, the bodies'
 * changelog and mail.released out), and Kafka's own defaults were made for a heap of gigabytes and
 * small records: with 1 MiB messages the consumer's fetches (64 MiB per partition as configured
 * before), Streams' input buffer (512 MiB) and the producer's pool (256 MiB) each could fill a
 * 512 MiB heap on their own. Two facts shrink the budget further: with SerialGC (dequeue-local's
 * JVMs) what is live must fit the old generation, two thirds of the heap; and Streams' send
 * callback keeps each record it sent (the serialized record, and the value it was made from)
 * until the broker acknowledged it, so the producer's records are on the heap twice: in its
 * batches (bounded by {@code buffer.memory}) and in those callbacks. Here, with {@code H} the
 * maximum heap:
 * <ul>
 * <li>consumer {@code max.partition.fetch.bytes} 1 MiB and {@code fetch.max.bytes} H/64 (4-50 MiB):
 * what one fetch brings per broker, then copied once more into the polled records. Both are soft
 * limits: a record batch larger than them still comes whole (KIP-74), so a record of
 * {@code Topics.MAX_RECORD_BYTES} still passes. They apply to the restore and global consumers
 * too ({@code consumer.} prefix).</li>
 * <li>{@code max.poll.records} 500: a poll returns only what the fetches brought, so memory is
 * bounded by the fetch sizes; 500 of 4 KiB keep the stream thread busy between polls.</li>
 * <li>{@code buffered.records.per.partition} H / 32 MiB (4-1000; Kafka's default is 1000): Kafka
 * Streams 4.1 bounds what it takes from the consumer only by this count per input partition (the
 * byte bound {@code input.buffer.max.bytes} of KIP-770 was withdrawn; 4.1 does not know the
 * setting), and pauses a partition's fetching above it. With 1 MiB messages the default let the six
 * partitions of mail.accepted queue hundreds of bodies (jmap: 900 ConsumerRecords, 490 MiB) while
 * the stream thread wrote them to RocksDB; now a partition holds at most that many records plus one
 * fetch (1 MiB, or one larger record). Small messages lose little: one fetch of 1 MiB still brings
 * some 250 of 4 KiB.</li>
 * <li>{@code statestore.cache.max.bytes} 0: no record cache. Since Kafka 4.0 the record context
 * of a cached entry keeps the raw key and value of the source record being processed when it was
 * written (for the processing exception handler), and the cache counts only the entry's own bytes:
 * every timeline, usage, job or grant entry written while a 1 MiB message was processed kept that
 * message alive (heap dump of the 1 MiB fill: 489 cache entries holding 492 MiB of bodies), and a
 * message of the largest size would take several times its size. The cost: every write of those
 * stores reaches their changelogs instead of the last one per commit.</li>
 * <li>producer {@code buffer.memory} H/8, at least one largest record plus 1 MiB
 * ({@link ProducerDefaults#bufferMemory}): it holds every record until the broker acknowledged it
 * (a release batch of up to 8 MiB, each accepted body's changelog copy); twice that with the
 * callbacks. Batches and in-flight requests live inside it, so {@code batch.size} and
 * {@code max.in.flight.requests.per.connection} (5, the most exactly-once allows) add nothing to
 * the bound. When it is full the stream thread waits for acknowledgements.</li>
 * </ul>
 * At {@code -Xmx512m} (SerialGC: 494 MiB usable, 341 MiB of it old generation) that is fetches of
 * 1 / 8 MiB, 15 records per partition, no cache and a 65 MiB producer buffer: with 1 MiB
 * messages about 2 x 8 + 16 + 2 x 65 = 162 MiB for Kafka's copies while one domain's partition
 * is backlogged (another 16 MiB for each further partition with a backlog), the rest for the
 * stream thread's own work and the service.
 */
public class StreamsMemoryDefaults implements ConfigSource {
    /** Below application.properties (250), the environment (300) and system properties (400). */
    static final int ORDINAL = 150;
    private static final long MIB = 1024 * 1024;

    private final Map<String, String> values = forHeap(Runtime.getRuntime().maxMemory());

    /** The defaults for a heap of {@code maxHeap} bytes, as {@code kafka-streams.*} properties. */
    static Map<String, String> forHeap(long maxHeap) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafka-streams.consumer.max.partition.fetch.bytes", Long.toString(MIB));
        m.put("kafka-streams.consumer.fetch.max.bytes", Long.toString(clamp(maxHeap / 64, 4 * MIB, 50 * MIB)));
        m.put("kafka-streams.consumer.max.poll.records", "500");
        m.put("kafka-streams.buffered.records.per.partition", Long.toString(clamp(maxHeap / (32 * MIB), 4, 1000)));
        // no record cache: each cached entry keeps its source record's raw value (see the class comment)
        m.put("kafka-streams.statestore.cache.max.bytes", "0");
        m.put("kafka-streams.producer.buffer.memory", Long.toString(ProducerDefaults.bufferMemory(maxHeap / 8)));
        return m;
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return values;
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "queue-service heap-sized Kafka Streams buffers";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
