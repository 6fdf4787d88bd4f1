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

    private static Map<String, Object> role(String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * Topics.MAX_RECORD_BYTES);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
