package io.dequeue.edge.dequeue;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads every partition of a topic from its end at creation, in the background, as any tool would:
 * a plain consumer without a group. Records are kept and handed to an optional listener.
 */
public final class TopicTail implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    /** The first exception a listener threw: reported by {@link #close()} so that a test cannot pass over it. */
    private volatile RuntimeException listenerFailure;
    private volatile Consumer<ConsumerRecord<byte[], byte[]>> listener = r -> { };

    public TopicTail(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "edge-test-" + topic),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(p -> consumer.position(p, Duration.ofSeconds(10)));
        thread = new Thread(this::run, "tail-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Called on the reader thread for each record read from now on. */
    public TopicTail onRecord(Consumer<ConsumerRecord<byte[], byte[]>> l) {
        listener = l;
        return this;
    }

    public List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(records);
    }

    public List<ConsumerRecord<byte[], byte[]>> records(Predicate<ConsumerRecord<byte[], byte[]>> filter) {
        return records.stream().filter(filter).toList();
    }

    public static Predicate<ConsumerRecord<byte[], byte[]>> key(String key) {
        return r -> r.key() != null && new String(r.key(), StandardCharsets.US_ASCII).equals(key);
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records.add(r);
                    try {
                        listener.accept(r);
                    } catch (RuntimeException e) {
                        if (listenerFailure == null) {
                            listenerFailure = e;
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (listenerFailure != null) {
            throw new AssertionError("a listener of the tail failed", listenerFailure);
        }
    }
}
