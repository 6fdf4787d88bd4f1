package io.dequeue.edge.kafka;

import io.dequeue.edge.config.EdgeConfig;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ProducerDefaults;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

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
    public EdgeProducer(KafkaClientProperties kafka, EdgeConfig config, ProducerTuning tuning) {
        this(tuned(ProducerDefaults.reliable(kafka, "smtp-edge-" + config.instanceId()), tuning),
                CloudEvents.source("smtp-edge", config.instanceId()));
    }

    private static java.util.Map<String, Object> tuned(java.util.Map<String, Object> p, ProducerTuning tuning) {
        p.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, tuning.lingerMs());
        p.put(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG, tuning.batchSize());
        return p;
    }

    /** A producer with explicit settings (tests: an unreachable cluster, short timeouts). */
    public EdgeProducer(java.util.Map<String, Object> settings, String source) {
        this.producer = new KafkaProducer<>(settings);
        this.source = source;
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

    /** The partitions of a topic (fetches its metadata; blocks up to {@code max.block.ms}: not on an event loop). */
    public java.util.List<org.apache.kafka.common.PartitionInfo> partitionsFor(String topic) {
        return producer.partitionsFor(topic);
    }

    @PreDestroy
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
