package io.dequeue.config.service;

import io.dequeue.config.ConfigServiceSettings;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.topic.Topics;
import io.dequeue.model.view.GatewayDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes gateway records to {@code gateway.config} and audit events to {@code mail.lifecycle}.
 *
 * <p>A gateway write returns only once Kafka has acknowledged it (acks=all, idempotent producer)
 * and the service's own {@link GatewayDirectory} has applied it, so a read that follows a write
 * sees it.
 */
@ApplicationScoped
public class TopicWriter {
    static final String SERVICE = "config-service";
    private static final Logger LOG = Logger.getLogger(TopicWriter.class);

    @Inject
    KafkaClientProperties kafka;

    @Inject
    GatewayDirectory directory;

    @Inject
    ConfigServiceSettings settings;

    private KafkaProducer<byte[], byte[]> producer;
    private String source;

    @PostConstruct
    void start() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, SERVICE + "-writer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        producer = new KafkaProducer<>(kafka.producer(props), new ByteArraySerializer(), new ByteArraySerializer());
        String host = System.getenv("HOSTNAME");
        source = CloudEvents.source(SERVICE, host == null || host.isBlank() ? "local" : host);
    }

    @PreDestroy
    void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Writes a gateway's new record ({@code null}: a tombstone, the gateway is deleted) and waits
     * until the gateway view shows it.
     */
    public void writeGateway(DomainName domain, GatewayRecord value) {
        Duration timeout = settings.writeTimeout();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.GATEWAY_CONFIG, null,
                key(domain), ContractSerdes.gatewayRecord().serialize(Topics.GATEWAY_CONFIG, value));
        CloudEvents.apply(record.headers(), EventTypes.GATEWAY_CONFIG, source, CloudEvents.JSON);
        CloudEvents.put(record.headers(), CloudEvents.SUBJECT, domain.value());
        RecordMetadata meta = send(record, timeout, "gateway " + domain.value());
        try {
            if (!directory.awaitOffset(meta.partition(), meta.offset(), timeout)) {
                throw new ConfigProblem.StoreUnavailable("The change to " + domain.value()
                        + " was written but is not visible yet; read it again shortly.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigProblem.StoreUnavailable("Interrupted while waiting for the change to be visible.");
        }
    }

    /** Emits an audit event; a failure is logged, never thrown: the change itself is already stored. */
    public void emit(LifecycleEvent event) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.MAIL_LIFECYCLE, null,
                key(event.domain()), ContractSerdes.lifecycleEvent().serialize(Topics.MAIL_LIFECYCLE, event));
        CloudEvents.apply(record.headers(), event.eventType(), source, CloudEvents.JSON);
        CloudEvents.put(record.headers(), CloudEvents.SUBJECT, event.domain().value());
        try {
            send(record, settings.writeTimeout(), "lifecycle event");
        } catch (ConfigProblem.StoreUnavailable e) {
            LOG.warnf("gateway %s: the %s event was not written: %s", event.domain(), event.type().wireName(), e.getMessage());
        }
    }

    private RecordMetadata send(ProducerRecord<byte[], byte[]> record, Duration timeout, String what) {
        try {
            return producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigProblem.StoreUnavailable("Interrupted while writing the " + what + ".");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warnf("writing %s to %s failed: %s", what, record.topic(), cause.toString());
            throw new ConfigProblem.StoreUnavailable("Kafka did not accept the write of " + what + " in time; retry later.");
        }
    }

    private static byte[] key(DomainName domain) {
        return ContractSerdes.key().serializer().serialize(Topics.GATEWAY_CONFIG, domain);
    }
}
