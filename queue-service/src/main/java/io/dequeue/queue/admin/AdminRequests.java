package io.dequeue.queue.admin;

import io.dequeue.model.http.ProblemException;
import io.dequeue.model.http.ProblemType;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.queue.QueueConfig;
import io.dequeue.queue.topology.InputDecoder;
import io.dequeue.queue.topology.QueueOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns the admin API's changes into {@link AdminRequest} records on {@code dequeue.requests}, so
 * the topology applies each exactly once, in order with everything else about the domain.
 */
@ApplicationScoped
public class AdminRequests {
    @Inject
    KafkaClientProperties kafka;

    @Inject
    QueueConfig config;

    private KafkaProducer<byte[], byte[]> producer;

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(ProducerDefaults.reliable(kafka, "queue-service-admin"));
        }
        return producer;
    }

    /** Writes the request and waits for Kafka's acknowledgement. */
    public AdminRequest send(DomainName domain, AdminRequest.Action action, String messageId, DeliverTo target,
                             String reason, String principal) {
        AdminRequest r = new AdminRequest(UUID.randomUUID().toString(), domain, action, messageId, target,
                reason == null || reason.isBlank() ? null : reason.strip(), principal, Instant.now());
        ProducerRecord<byte[], byte[]> rec = ContractRecords.request(r,
                CloudEvents.source(QueueOptions.SERVICE, config.instance()));
        try {
            producer().send(rec).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(ProblemType.STORE_UNAVAILABLE, "Kafka did not accept the request in time.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.STORE_UNAVAILABLE, "Interrupted.");
        }
        return r;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
