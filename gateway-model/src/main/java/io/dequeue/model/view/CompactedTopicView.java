package io.dequeue.model.view;

import io.dequeue.model.DomainName;
import io.dequeue.model.kafka.KafkaClientProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local, read-only map of a compacted, domain-keyed topic ({@code gateway.config},
 * {@code queue.usage}), kept up to date by a background reader without a consumer group: every
 * instance sees every key. Ready once the records present at start are read.
 *
 * @param <V> the value type; a null value (tombstone) removes the key
 */
public class CompactedTopicView<V> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CompactedTopicView.class);

    /** A change seen on the topic; {@code current} is null when the key was deleted. */
    public record Change<V>(DomainName key, V previous, V current) {
    }

    private final Properties consumerProps;
    private final String topic;
    private final Deserializer<V> values;
    private final Map<DomainName, V> entries = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final List<Consumer<Change<V>>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Object progress = new Object();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean closed;
    private volatile long skippedRecords;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param clientId a name for the consumer
     * @param topic the compacted topic
     * @param values the value deserializer
     * @param extra additional consumer settings (security, for example); may be empty
     */
    public CompactedTopicView(String bootstrapServers, String clientId, String topic, Deserializer<V> values,
                              Map<String, Object> extra) {
        this(withBootstrap(extra, bootstrapServers), clientId, topic, values);
    }

    /**
     * @param kafka the service's shared client settings (cluster address, security)
     * @param clientId a name for the consumer
     * @param topic the compacted topic
     * @param values the value deserializer
     */
    public CompactedTopicView(KafkaClientProperties kafka, String clientId, String topic, Deserializer<V> values) {
        Properties p = new Properties();
        p.putAll(kafka.consumer(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")));
        this.consumerProps = p;
        this.topic = topic;
        this.values = values;
    }

    private static KafkaClientProperties withBootstrap(Map<String, Object> extra, String bootstrapServers) {
        Map<String, Object> all = new java.util.HashMap<>(extra);
        all.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return KafkaClientProperties.of(all);
    }

    /** Starts the background reader. */
    public synchronized CompactedTopicView<V> start() {
        if (thread == null) {
            thread = new Thread(this::run, "view-" + topic);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void run() {
        while (!closed) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (closed) {
                    return;
                }
                readLoop(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warnf("view of %s: reading failed (%s), retrying", topic, e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void readLoop(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        for (TopicPartition tp : parts) {
            Long pos = positions.get(tp.partition());
            if (pos == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, pos);
            }
        }
        Map<TopicPartition, Long> initialEnd = c.endOffsets(parts, Duration.ofSeconds(30));
        while (!closed) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                apply(r);
            }
            for (TopicPartition tp : parts) {
                positions.put(tp.partition(), c.position(tp));
            }
            synchronized (progress) {
                progress.notifyAll();
            }
            if (ready.getCount() > 0 && initialEnd.entrySet().stream()
                    .allMatch(e -> positions.getOrDefault(e.getKey().partition(), 0L) >= e.getValue())) {
                LOG.infof("view of %s ready: %d entries", topic, entries.size());
                ready.countDown();
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        DomainName key;
        V value;
        try {
            key = DomainName.parse(new String(r.key(), StandardCharsets.US_ASCII));
            value = r.value() == null ? null : values.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            skippedRecords++;
            LOG.warnf("view of %s: skipped an unreadable record at partition %d offset %d", topic, r.partition(), r.offset());
            return;
        }
        V previous = value == null ? entries.remove(key) : entries.put(key, value);
        Change<V> change = new Change<>(key, previous, value);
        for (Consumer<Change<V>> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                LOG.warnf("view of %s: listener failed: %s", topic, e.toString());
            }
        }
    }

    /** Whether the records present at start have all been read. */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the record at {@code offset} of {@code partition} has been applied. */
    public boolean awaitOffset(int partition, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (positions.getOrDefault(partition, -1L) <= offset) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.min(left, 50));
            }
        }
        return true;
    }

    public Optional<V> get(DomainName key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** A snapshot of every entry. */
    public Map<DomainName, V> snapshot() {
        return Map.copyOf(entries);
    }

    /** A live, read-only view of the values (no copy; iteration is weakly consistent). */
    public java.util.Collection<V> values() {
        return java.util.Collections.unmodifiableCollection(entries.values());
    }

    /** A live, read-only view of the keys. */
    public java.util.Set<DomainName> keys() {
        return java.util.Collections.unmodifiableSet(entries.keySet());
    }

    public int size() {
        return entries.size();
    }

    public void addListener(Consumer<Change<V>> listener) {
        listeners.add(listener);
    }

    /** Records that could not be read (corrupt or from an incompatible writer). */
    public long skippedRecords() {
        return skippedRecords;
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
