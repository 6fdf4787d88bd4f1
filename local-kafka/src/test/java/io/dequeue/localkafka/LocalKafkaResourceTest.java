package io.dequeue.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalKafkaResourceTest {

    @Test
    void startsOrReusesTheSharedBrokerAndReturnsTheConfig() {
        LocalKafkaResource resource = new LocalKafkaResource();
        Map<String, String> config = resource.start();
        try {
            String servers = SharedKafka.get().bootstrapServers();
            assertThat(config)
                    .containsEntry("kafka.bootstrap.servers", servers)
                    .containsEntry("quarkus.kafka-streams.bootstrap-servers", servers)
                    .containsEntry("quarkus.kafka.devservices.enabled", "false");
            assertThat(new LocalKafkaResource().start()).isEqualTo(config);
            assertThat(System.getProperty(SharedKafka.SHARED_PROPERTY)).isEqualTo(servers);
        } finally {
            resource.stop();
        }
        // stop() leaves the JVM-wide broker running for the next test class
        assertThat(SharedKafka.current()).isPresent();
    }
}
