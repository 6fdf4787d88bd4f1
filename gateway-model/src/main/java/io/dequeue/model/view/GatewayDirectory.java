package io.dequeue.model.view;

import io.dequeue.model.DomainName;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local, read-only, always up-to-date view of every gateway, built from the compacted
 * {@code gateway.config} topic. Every service keeps one.
 *
 * <p>A background thread reads the topic from the beginning without a consumer group (every
 * instance sees every gateway). {@link #isReady()} turns true once the records that existed at
 * start have been read. {@link #awaitOffset} lets a writer wait until its own write is visible.
 */
public final class GatewayDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GatewayDirectory.class);

    /** A change seen on the topic; {@code current} is null when the gateway was deleted. */
    public record Change(DomainName domain, GatewayRecord previous, GatewayRecord current) {
    }

    private final Properties consumerProps;
    private final String topic;
    private final Map<DomainName, GatewayRecord> gateways = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Object progress = new Object();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean closed;
    private volatile long skippedRecords;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param clientId a name for the consumer, e.g. {@code smtp-edge-gateways}
     * @param extra additional consumer settings (security, for example); may be empty
     */
    public GatewayDirectory(String bootstrapServers, String clientId, Map<String, Object> extra) {
        this(bootstrapServers, clientId, extra, Topics.GATEWAY_CONFIG);
    }

    GatewayDirectory(String bootstrapServers, String clientId, Map<String, Object> extra, String topic) {
        Properties p = new Properties();
        p.putAll(extra);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerProps = p;
        this.topic = topic;
    }

    /** Starts the background reader. */
    public synchronized GatewayDirectory start() {
        if (thread != null) {
            return this;
        }
        thread = new Thread(this::run, "gateway-directory");
        thread.setDaemon(true);
        thread.start();
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
                LOG.warnf("gateway directory: reading %s failed (%s), retrying", topic, e.toString());
                sleepQuietly(1000);
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
                LOG.infof("gateway directory ready: %d gateways", gateways.size());
                ready.countDown();
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        DomainName domain;
        GatewayRecord value;
        try {
            domain = DomainName.parse(new String(r.key(), StandardCharsets.US_ASCII));
            value = ContractSerdes.gatewayRecord().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            skippedRecords++;
            LOG.warnf("gateway directory: skipped an unreadable record at %s-%d@%d", r.topic(), r.partition(), r.offset());
            return;
        }
        GatewayRecord previous = value == null ? gateways.remove(domain) : gateways.put(domain, value);
        Change change = new Change(domain, previous, value);
        for (Consumer<Change> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                LOG.warnf("gateway directory listener failed: %s", e.toString());
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

    public Optional<GatewayRecord> find(DomainName domain) {
        return Optional.ofNullable(gateways.get(domain));
    }

    public Collection<GatewayRecord> all() {
        return List.copyOf(gateways.values());
    }

    public int size() {
        return gateways.size();
    }

    /**
     * The credential owner for a login: a login is a gateway's domain name, and that gateway's
     * stored secret is the password.
     */
    public Optional<GatewayRecord> findByLogin(String login) {
        if (login == null || !DomainName.isValid(login)) {
            return Optional.empty();
        }
        return find(DomainName.parse(login));
    }

    /** Every gateway domain that {@code login} may dequeue: its own and those that authorise it. */
    public Set<DomainName> domainsDequeuableBy(DomainName login) {
        Set<DomainName> out = new TreeSet<>();
        for (GatewayRecord g : gateways.values()) {
            if (g.settings().mayBeDequeuedBy(login)) {
                out.add(g.settings().domain());
            }
        }
        return out;
    }

    /** Every configured gateway domain equal to or under {@code parent} (for {@code ETRN @domain}). */
    public List<DomainName> domainsWithin(DomainName parent) {
        List<DomainName> out = new ArrayList<>();
        for (DomainName d : gateways.keySet()) {
            if (d.isWithin(parent)) {
                out.add(d);
            }
        }
        out.sort(null);
        return out;
    }

    public boolean anyEtrnEnabled() {
        return gateways.values().stream().anyMatch(g -> g.settings().etrn().enabled());
    }

    public boolean anyAtrnEnabled() {
        return gateways.values().stream().anyMatch(g -> g.settings().atrn().enabled());
    }

    public void addListener(Consumer<Change> listener) {
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

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
