package io.dequeue.edge.dequeue;

import io.dequeue.edge.kafka.EdgeProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hands ETRN/ATRN records to the edge's producer off the event loop: {@code KafkaProducer.send}
 * can block (waiting for metadata, or for buffer space when Kafka is slow), and a session's
 * context must never wait. The future completes when Kafka acknowledged the record.
 */
@ApplicationScoped
public class RequestSender {
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "edge-dequeue-send");
        t.setDaemon(true);
        return t;
    });

    @Inject
    EdgeProducer producer;

    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return CompletableFuture.supplyAsync(() -> producer.send(record), executor).thenCompose(f -> f);
    }

    /** The CloudEvents source of this edge instance. */
    public String source() {
        return producer.source();
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
