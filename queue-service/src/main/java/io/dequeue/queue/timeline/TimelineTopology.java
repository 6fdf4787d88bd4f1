package io.dequeue.queue.timeline;

import io.dequeue.model.topic.Topics;
import io.dequeue.queue.topology.InputHeaders;
import io.dequeue.queue.topology.QueueTopology;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

/**
 * Adds the timeline to the queue topology:
 *
 * <pre>
 *  mail.accepted --> decode-accepted --> queue --> ... sinks (mail.lifecycle, ...)
 *                                          '--> queue-steps --> timeline (store "message-timeline")
 *  mail.lifecycle -> lifecycle-source -> lifecycle-headers-dropped -'
 * </pre>
 *
 * The timeline processor is a child of the queue's {@code queue-steps}, so it is part of the queue's
 * sub-topology: {@code mail.lifecycle} is co-partitioned with the queue's inputs (keyed by domain,
 * same partition count) and a domain's timeline lives in the same task, on the same instance, as its
 * held mail. The queue tells it each {@code mail.accepted} record with the {@code held} event it
 * made of it, and its later {@code held} and {@code released} events, in the step that made them
 * ({@link io.dequeue.queue.topology.QueueStep}); from {@code mail.lifecycle} it records the rest.
 */
public final class TimelineTopology {
    public static final String STORE = "message-timeline";
    public static final String PROCESSOR = "timeline";
    static final String LIFECYCLE_SOURCE = "lifecycle-source";
    static final String LIFECYCLE_HEADERS_DROPPED = "lifecycle-headers-dropped";

    private TimelineTopology() {
    }

    public static Topology attach(Topology t, TimelineOptions options) {
        t.addSource(LIFECYCLE_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.MAIL_LIFECYCLE);
        // the timeline's store is cached: its entries must not keep the consumed headers (InputHeaders)
        t.addProcessor(LIFECYCLE_HEADERS_DROPPED, InputHeaders.dropper(), LIFECYCLE_SOURCE);
        t.addProcessor(PROCESSOR, () -> new TimelineProcessor(options), QueueTopology.STEPS,
                LIFECYCLE_HEADERS_DROPPED);
        t.addStateStore(store(options), PROCESSOR);
        return t;
    }

    /**
     * RocksDB with a changelog. Caching is enabled, but the service runs without a record cache
     * ({@code statestore.cache.max.bytes=0}, {@code StreamsMemoryDefaults}): every put is a changelog
     * record, so a step writes each key once (the summary with its steps in one put).
     */
    static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(TimelineOptions o) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> b = Stores.keyValueStoreBuilder(
                o.inMemory() ? Stores.inMemoryKeyValueStore(STORE) : Stores.persistentKeyValueStore(STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled();
        // The changelog is compacted (Kafka Streams' default): a key the store removes leaves a
        // tombstone that compaction drops. Small JSON values, many a batch: lz4 (as the queue's small
        // stores, QueueStores.SMALL_CHANGELOG).
        return o.changelog() ? b.withLoggingEnabled(Map.of("compression.type", "lz4")) : b.withLoggingDisabled();
    }
}
