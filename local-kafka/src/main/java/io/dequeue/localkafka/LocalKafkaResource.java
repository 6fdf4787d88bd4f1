package io.dequeue.localkafka;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: the JVM-wide shared Kafka ({@link SharedKafka}: the in-process broker, or
 * the cluster named by {@code KAFKA_BOOTSTRAP_SERVERS}) with the contract topics created, handed to
 * the application as configuration.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(LocalKafkaResource.class)   // or @WithTestResource(LocalKafkaResource.class)
 * class QueueServiceTest { ... }
 * }</pre>
 *
 * <p>The broker is shared by every test class of the JVM and stops when the JVM exits, not in
 * {@link #stop()}: restarting Quarkus between test classes does not restart Kafka. Tests that need
 * an empty world use their own topics' fresh keys or a fresh Kafka Streams {@code state.dir}.
 */
public class LocalKafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String servers = SharedKafka.get().bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", servers,
                "quarkus.kafka-streams.bootstrap-servers", servers,
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // shared for the whole JVM: stopped by SharedKafka's shutdown hook (or LocalKafkaExtension)
    }
}
