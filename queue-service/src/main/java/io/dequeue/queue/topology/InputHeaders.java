package io.dequeue.queue.topology;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Consumed records go on through the topology without their headers. The consumer reads a record's
 * headers lazily: until its key and value are asked for, each header keeps a slice of the whole
 * fetch response it came in (several MiB, with the bodies of other messages in it). Kafka Streams
 * keeps the headers of the record being processed with every entry a processor writes to a cached
 * store (the timeline, usage, jobs and grants stores) until the cache evicts the entry, and counts
 * only the headers' own bytes against {@code statestore.cache.max.bytes}: with 1 MiB messages the
 * cache entries kept hundreds of MiB of fetch responses alive and ran a 512 MiB heap out of memory
 * ({@code N=1000 SIZE=1048576 bench/etrn-flush.sh}). The decoders read what they need from the
 * headers; nothing after them reads any.
 */
public final class InputHeaders {
    private InputHeaders() {
    }

    /** The record with empty headers of its own. */
    public static <K, V> Record<K, V> dropped(Record<K, V> r) {
        return r.withHeaders(new RecordHeaders());
    }

    /** A processor that forwards every record without its headers, for a source read by a store writer. */
    public static <K, V> ProcessorSupplier<K, V, K, V> dropper() {
        return () -> new ContextualProcessor<>() {
            @Override
            public void process(Record<K, V> record) {
                context().forward(dropped(record));
            }
        };
    }
}
