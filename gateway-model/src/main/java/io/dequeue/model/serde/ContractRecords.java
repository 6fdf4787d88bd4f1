package io.dequeue.model.serde;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Builds the producer records of the contract with their key and CloudEvents headers, so that
 * every service writes them the same way. Keys and values are bytes: producers use
 * {@code ByteArraySerializer} for both.
 */
public final class ContractRecords {
    private ContractRecords() {
    }

    public static byte[] key(DomainName domain) {
        return domain.value().getBytes(StandardCharsets.US_ASCII);
    }

    /** A JSON event on {@code topic}, keyed by domain, on the partition the key hashes to. */
    public static ProducerRecord<byte[], byte[]> json(String topic, DomainName domain, Object value, String ceType,
                                                       String source) {
        return json(topic, null, domain, value, ceType, source);
    }

    /** A JSON event on an explicit partition (used for {@code edge.replies}). */
    public static ProducerRecord<byte[], byte[]> json(String topic, Integer partition, DomainName domain, Object value,
                                                       String ceType, String source) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, partition, key(domain), Json.write(value));
        CloudEvents.apply(r.headers(), ceType, source, CloudEvents.JSON);
        return r;
    }

    public static ProducerRecord<byte[], byte[]> lifecycle(LifecycleEvent event, String source) {
        return json(Topics.MAIL_LIFECYCLE, event.domain(), event, event.eventType(), source);
    }

    public static ProducerRecord<byte[], byte[]> request(DequeueRequest request, String source) {
        return json(Topics.DEQUEUE_REQUESTS, request.domain(), request, request.eventType(), source);
    }

    public static ProducerRecord<byte[], byte[]> outcome(DeliveryOutcome outcome, String source) {
        return json(Topics.DELIVERY_OUTCOMES, outcome.domain(), outcome, EventTypes.DELIVERY_OUTCOME, source);
    }
}
