package io.dequeue.queue.it;

import io.dequeue.localkafka.LocalKafkaResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The shared in-process Kafka (local-kafka) plus a fresh Kafka Streams state directory for this run. */
public class QueueTestResource implements QuarkusTestResourceLifecycleManager {
    private final LocalKafkaResource kafka = new LocalKafkaResource();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(kafka.start());
        try {
            Path target = Files.createDirectories(Path.of("target"));
            config.put("kafka-streams.state.dir", Files.createTempDirectory(target, "streams-state-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    @Override
    public void stop() {
        kafka.stop();
    }
}
