package io.dequeue.edge.dequeue;

import io.dequeue.model.DomainName;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.topic.Topics;
import io.dequeue.model.view.GatewayDirectory;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Writes gateways to {@code gateway.config} as config-service would, and waits until the edge sees them. */
public final class TestGateways {
    public static final String PASSWORD = "s3cret-pw";
    private static final StoredSecret SECRET = StoredSecret.fromPassword(PASSWORD.toCharArray(), true, 1000);

    private TestGateways() {
    }

    /** A fresh domain name for one test: {@code <label>-<random>.example}. */
    public static DomainName fresh(String label) {
        return DomainName.parse(label + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT) + ".example");
    }

    public static void put(String bootstrap, GatewayDirectory directory, GatewaySettings settings) {
        GatewayRecord record = new GatewayRecord(settings, SECRET, 1, GatewayRecord.MANAGED_BY_API, Instant.now());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(ProducerDefaults.reliable(bootstrap, "edge-test-gateways"))) {
            p.send(ContractRecords.json(Topics.GATEWAY_CONFIG, settings.domain(), record, EventTypes.GATEWAY_CONFIG,
                    CloudEvents.source("config-service", "test"))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> directory.find(settings.domain())
                .map(g -> g.settings().equals(settings)).orElse(false));
    }
}
