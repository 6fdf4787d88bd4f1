package io.dequeue.delivery.messaging;

import io.dequeue.delivery.service.EventPublisher;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.ContractRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Publishes outcomes to {@code delivery.outcomes} and events to {@code mail.lifecycle}: keyed by
 * domain, CloudEvents headers, {@code acks=all}, idempotent (the contract's producer defaults).
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String source;

    /**
     * @param producerConfig e.g. {@code ProducerDefaults.reliable(...)}
     * @param source         the CloudEvents source, {@code /dequeue/delivery-service/<instance>}
     */
    public KafkaEventPublisher(Map<String, Object> producerConfig, String source) {
        this.producer = new KafkaProducer<>(producerConfig);
        this.source = source;
    }

    @Override
    public CompletionStage<Void> outcome(DeliveryOutcome outcome) {
        return send(ContractRecords.outcome(outcome, source));
    }

    @Override
    public CompletionStage<Void> lifecycle(LifecycleEvent event) {
        return send(ContractRecords.lifecycle(event, source));
    }

    private CompletionStage<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(record, (meta, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
