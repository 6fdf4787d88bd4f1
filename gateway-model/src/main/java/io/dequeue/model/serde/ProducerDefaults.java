package io.dequeue.model.serde;

import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Producer settings every service uses for the contract's topics: nothing is acknowledged to a
 * client before Kafka acknowledged it with {@code acks=all}, idempotence on, records up to
 * {@link Topics#MAX_RECORD_BYTES}.
 */
public final class ProducerDefaults {
    private ProducerDefaults() {
    }

    public static Map<String, Object> reliable(String bootstrapServers, String clientId) {
        Map<String, Object> p = role(clientId);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /**
     * The reliable producer settings over the service's shared client settings (cluster address,
     * security): these settings win over shared ones of the same name.
     */
    public static Map<String, Object> reliable(KafkaClientProperties kafka, String clientId) {
        return kafka.producer(role(clientId));
    }

    /**
     * The producer's {@code buffer.memory} when it may take {@code share} bytes of the heap: that
     * share, but at least one record of {@link Topics#MAX_RECORD_BYTES} and some room (the producer
     * refuses a record larger than its buffer) and at most four such records. The buffer holds a
     * copy of every record until the broker acknowledged it, so with 256 MiB (the earlier fixed
     * value) a 512 MiB service could spend half its heap on it while the broker lagged (the 1 MiB
     * flush of bench/etrn-flush.sh ran queue-service out of heap that way). When it is full,
     * {@code send} waits for room ({@code max.block.ms}), which slows the sender instead. These
     * defaults give a quarter of the heap ({@link Runtime#maxMemory()}).
     */
    public static long bufferMemory(long share) {
        long oneRecord = Topics.MAX_RECORD_BYTES + 1024L * 1024;
        return Math.min(4L * Topics.MAX_RECORD_BYTES, Math.max(oneRecord, share));
    }

    private static Map<String, Object> role(String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferMemory(Runtime.getRuntime().maxMemory() / 4));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
