package io.dequeue.localkafka;

import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.view.GatewayDirectory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Kafka clients built by gateway-model's shared pieces (the gateway view's consumer, the reliable
 * producer) are created with the shared {@code kafka.*} settings, and keep their role's own;
 * creating a client needs no broker (the address is a closed loopback port).
 */
class SharedClientSettingsTest {
    private final String address = closedAddress();
    private final Map<String, String> config = Map.of(
            "kafka.bootstrap.servers", address,
            "kafka.security.protocol", "PLAINTEXT",
            "kafka.ssl.truststore.type", "PEM",
            "kafka.metric.reporters", ClientSettingsRecorder.class.getName(),
            "kafka.isolation.level", "read_uncommitted");
    private final KafkaClientProperties kafka = KafkaClientProperties.fromConfig(config.keySet(),
            name -> Optional.ofNullable(config.get(name)));

    private static String closedAddress() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theGatewayViewsConsumerIsCreatedWithTheSharedSettings() throws Exception {
        try (GatewayDirectory directory = new GatewayDirectory(kafka, "hand-built-view").start()) {
            Map<String, Object> seen = ClientSettingsRecorder.await("hand-built-view", Duration.ofSeconds(30)).orElseThrow();

            assertThat(seen).containsEntry("bootstrap.servers", address)
                    .containsEntry("security.protocol", "PLAINTEXT")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("isolation.level", "read_committed");
        }
    }

    @Test
    void theReliableProducerIsCreatedWithTheSharedSettings() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProducerDefaults.reliable(kafka, "hand-built-producer"))) {
            Map<String, Object> seen = ClientSettingsRecorder.await("hand-built-producer", Duration.ofSeconds(30)).orElseThrow();

            assertThat(seen).containsEntry("bootstrap.servers", address)
                    .containsEntry("security.protocol", "PLAINTEXT")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("acks", "all");
        }
    }
}
