package io.dequeue.edge.kafka;

import io.dequeue.edge.config.EdgeConfig;
import io.dequeue.localkafka.ClientSettingsRecorder;
import io.dequeue.localkafka.LocalKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Kafka client the edge builds by hand (its producer, its reply channel, the usage and
 * gateway views) is created with the {@code kafka.*} settings the service was given, as a
 * secured cluster needs ({@code security.protocol}, {@code ssl.*}, ...), and keeps its own role.
 */
@QuarkusTest
@TestProfile(KafkaClientSettingsTest.SharedSettings.class)
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class KafkaClientSettingsTest {
    /** Harmless on the PLAINTEXT test broker, and visible in each client's settings. */
    public static class SharedSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.metric.reporters", ClientSettingsRecorder.class.getName(),
                    "kafka.security.protocol", "PLAINTEXT",
                    "kafka.ssl.truststore.type", "PEM");
        }
    }

    @Inject
    EdgeConfig config;

    @Inject
    EdgeProducer producer;

    @Test
    void everyHandBuiltClientGetsTheSharedSettings() throws Exception {
        assertThat(producer.source()).isNotBlank(); // the producer bean is created at first use
        List<String> clients = List.of(
                "smtp-edge-" + config.instanceId(),
                "smtp-edge-replies-" + config.instanceId(),
                "smtp-edge-usage",
                "smtp-edge-gateways");
        for (String client : clients) {
            Map<String, Object> seen = ClientSettingsRecorder.await(client, Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no client " + client + " was created"));
            assertThat(seen).as(client)
                    .containsEntry("security.protocol", "PLAINTEXT")
                    .containsEntry("ssl.truststore.type", "PEM");
        }
        assertThat(ClientSettingsRecorder.await("smtp-edge-" + config.instanceId(), Duration.ZERO).orElseThrow())
                .containsEntry("acks", "all");
        assertThat(ClientSettingsRecorder.await("smtp-edge-replies-" + config.instanceId(), Duration.ZERO).orElseThrow())
                .containsEntry("isolation.level", "read_committed");
    }
}
