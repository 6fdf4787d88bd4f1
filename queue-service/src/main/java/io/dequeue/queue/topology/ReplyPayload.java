package io.dequeue.queue.topology;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Optional;
import java.util.Set;

/**
 * A value for {@code edge.replies}: the bytes to write and the partition of the edge that asked.
 * The sink's serializer writes only the bytes; its partitioner picks the partition.
 */
public record ReplyPayload(int partition, byte[] bytes) {

    /** Writes only {@link #bytes()}. */
    public static final class PayloadSerializer implements Serializer<ReplyPayload> {
        @Override
        public byte[] serialize(String topic, ReplyPayload data) {
            return data == null ? null : data.bytes();
        }
    }

    /** Sends each reply to the partition named by the request it answers. */
    public static final class Partitioner implements StreamPartitioner<String, ReplyPayload> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, ReplyPayload value, int numPartitions) {
            int p = value.partition();
            if (p < 0 || p >= numPartitions) {
                // An edge never names a partition that does not exist; if one did, keep the reply rather than fail the task.
                p = Math.floorMod(p, numPartitions);
            }
            return Optional.of(Set.of(p));
        }
    }
}
