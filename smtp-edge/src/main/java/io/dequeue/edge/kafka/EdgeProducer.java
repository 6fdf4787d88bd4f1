package io.dequeue.edge.kafka;

import io.dequeue.edge.config.EdgeConfig;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ProducerDefaults;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The edge's one Kafka producer ({@code acks=all}, idempotent). {@link #send} completes only when
 * Kafka acknowledged the record, which is when the edge may answer a client.
 */
@ApplicationScoped
public class EdgeProducer {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String source;

    @Inject
    public EdgeProducer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, EdgeConfig config) {
        this.producer = new KafkaProducer<>(ProducerDefaults.reliable(bootstrap, "smtp-edge-" + config.instanceId()));
        this.source = CloudEvents.source("smtp-edge", config.instanceId());
    }

    /** The CloudEvents source of this instance. */
    public String source() {
        return source;
    }

    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        try {
            producer.send(record, (md, e) -> {
                if (e != null) {
                    f.completeExceptionally(e);
                } else {
                    f.complete(md);
                }
            });
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
