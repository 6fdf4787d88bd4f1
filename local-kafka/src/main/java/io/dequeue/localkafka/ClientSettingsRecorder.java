package io.dequeue.localkafka;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For tests: a metrics reporter that records the settings each real Kafka client of the JVM hands
 * it when the client is created (a client configures its reporters with its own settings, keyed by
 * {@code client.id}), so a test can see what a hand-built client was really given. Enable it with
 * {@code kafka.metric.reporters=io.dequeue.localkafka.ClientSettingsRecorder}.
 */
public class ClientSettingsRecorder implements MetricsReporter {
    private static final Map<String, Map<String, Object>> SEEN = new HashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
        synchronized (SEEN) {
            SEEN.put(String.valueOf(configs.get("client.id")), new HashMap<>(configs));
            SEEN.notifyAll();
        }
    }

    /** The settings the client named {@code clientId} was created with, once it has been created. */
    public static Optional<Map<String, Object>> await(String clientId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (SEEN) {
            while (!SEEN.containsKey(clientId)) {
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (left <= 0) {
                    return Optional.empty();
                }
                SEEN.wait(left);
            }
            return Optional.of(SEEN.get(clientId));
        }
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public void close() {
    }
}
