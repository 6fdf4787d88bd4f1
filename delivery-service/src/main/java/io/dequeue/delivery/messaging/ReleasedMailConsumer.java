package io.dequeue.delivery.messaging;

import io.dequeue.delivery.service.DeliveryMetrics;
import io.dequeue.delivery.service.ReleaseProcessor;
import io.dequeue.delivery.service.ReleasedMail;
import io.dequeue.model.body.BodyMissingException;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.log.LogFields;
import io.dequeue.model.topic.Topics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes {@code mail.released} on its own thread with a plain {@link KafkaConsumer} and hands each
 * record to the {@link ReleaseProcessor}. An offset is committed only after the record's outcome was
 * acknowledged by Kafka (and every earlier record's of the partition): a crash may deliver a message
 * twice, never lose one. Consumption pauses while too much is in flight (messages or bytes) and
 * resumes below three quarters of both limits, so a flush of any size costs bounded memory.
 *
 * <p>A release that names its body ({@code dq_accepted_*}) has it read here, on this thread, with
 * one {@link BodyReader}, just before it starts, and only while the limits allow: never many large
 * bodies at once. A poll's records wait in offset order of the bodies they name, so the reader
 * reads on instead of seeking. A body that is gone for good is a permanent outcome; a broker that
 * does not answer leaves the release waiting (its partitions paused, the consumer polling on) and
 * the read is tried again until it succeeds or the lease ends (then the release is stale).
 *
 * <p>A record whose outcome could not be published stays uncommitted (its partition's commits stop
 * there until a restart re-reads it) and the consumer reports itself unhealthy.
 */
public final class ReleasedMailConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReleasedMailConsumer.class);

    /** Most bytes one fetch takes from one partition (a larger first record batch still comes whole). */
    public static final int PARTITION_FETCH_BYTES = 1024 * 1024;
    /** Most bytes of one fetch over all partitions. */
    public static final int FETCH_BYTES = 8 * 1024 * 1024;

    /** Bounds of the work in flight. */
    public record Limits(int maxInFlightMessages, long maxInFlightBytes) {
        public Limits {
            if (maxInFlightMessages < 1 || maxInFlightBytes < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private record Completion(TopicPartition partition, OffsetTracker tracker, long offset) {
    }

    /** A polled record not started yet: read (or why not), and tracked already. */
    private record Waiting(ConsumerRecord<byte[], byte[]> record, TopicPartition partition, OffsetTracker tracker,
                           ReleasedMail mail, RuntimeException unreadable) {
        /** The order of reading: records that carry their body first, then by the body's partition and offset. */
        static final Comparator<Waiting> BODY_ORDER = Comparator
                .comparingInt((Waiting w) -> w.ref() == null ? -1 : w.ref().partition())
                .thenComparingLong(w -> w.ref() == null ? -1 : w.ref().offset());

        MailHeaders.AcceptedRef ref() {
            return mail == null || !mail.needsBody() ? null : mail.bodyRef();
        }
    }

    private final Map<String, Object> config;
    private final ReleaseProcessor processor;
    private final Limits limits;
    private final DeliveryMetrics metrics;
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final BodyReader bodies;
    private final AtomicLong inFlightMessages = new AtomicLong();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private volatile boolean running;
    private volatile boolean paused;
    private volatile boolean assigned;
    private volatile Throwable crashed;
    private volatile Duration shutdownGrace = Duration.ofSeconds(10);
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaClientMetrics clientMetrics;
    private Thread thread;

    /**
     * @param consumerConfig bootstrap servers, group id, client id and any security settings; the
     *                       rest is set here (see {@link #defaults})
     */
    public ReleasedMailConsumer(Map<String, Object> consumerConfig, ReleaseProcessor processor, Limits limits,
                                DeliveryMetrics metrics, BodyReader bodies) {
        this.config = new HashMap<>(consumerConfig);
        this.bodies = bodies;
        this.processor = processor;
        this.limits = limits;
        this.metrics = metrics;
        metrics.registry().gauge("dequeue.delivery.inflight.messages", inFlightMessages, AtomicLong::get);
        metrics.registry().gauge("dequeue.delivery.inflight.bytes", inFlightBytes, AtomicLong::get);
    }

    /** The consumer settings this class relies on, for records up to {@link Topics#MAX_RECORD_BYTES}. */
    public static Map<String, Object> defaults(int maxPollRecords) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // queue-service writes releases in Kafka Streams transactions (exactly_once_v2)
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // Small fetches: a release batch is one transaction of up to 16 MiB on one partition, and
        // with a fetch as large as the largest record the first message of an ETRN waited until the
        // whole batch was fetched (0.4-0.5 s in bench/etrn-flush.sh with 10,000 held 4 KiB messages). A record batch
        // larger than these limits is still returned whole (KIP-74), so records up to
        // Topics.MAX_RECORD_BYTES still come through.
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return c;
    }

    public synchronized void start(Duration grace) {
        if (thread != null) {
            return;
        }
        shutdownGrace = grace;
        Map<String, Object> c = defaults((Integer) config.getOrDefault(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100));
        c.putAll(config);
        consumer = new KafkaConsumer<>(c);
        // The consumer's own metrics (records-lag-max and the rest; DeliveryRuntime keeps only a few).
        clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(metrics.registry());
        running = true;
        thread = new Thread(this::loop, "delivery-released-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops polling, waits up to the grace period for the work in flight, commits, closes. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null || !running) {
                return;
            }
            running = false;
        }
        consumer.wakeup();
        try {
            t.join(shutdownGrace.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Running, assigned or waiting for an assignment, and every outcome so far published. */
    public boolean isHealthy() {
        Thread t = thread;
        return t != null && t.isAlive() && crashed == null && publishFailures.get() == 0;
    }

    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    public boolean isAssigned() {
        return assigned;
    }

    public boolean isPaused() {
        return paused;
    }

    public long inFlightMessages() {
        return inFlightMessages.get();
    }

    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    /** How many times consumption paused because too much was in flight. */
    public long pauses() {
        return pauses.get();
    }

    public long publishFailures() {
        return publishFailures.get();
    }

    // ---- the consumer thread ---------------------------------------------------------------

    private void loop() {
        try {
            consumer.subscribe(List.of(Topics.MAIL_RELEASED), new Rebalance());
            while (running) {
                commitCompleted(false);
                startWaiting();
                flowControl();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (WakeupException e) {
                    continue;
                }
                enqueue(records);
                startWaiting();
            }
            waiting.clear(); // not started, not committed: read again after a restart
            long deadline = System.nanoTime() + shutdownGrace.toNanos();
            while (inFlightMessages.get() > 0 && System.nanoTime() < deadline) {
                commitCompleted(false);
                Thread.sleep(20);
            }
            commitCompleted(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            crashed = e;
            LOG.error("the mail.released consumer stopped", e);
        } finally {
            try {
                clientMetrics.close();
                consumer.close(Duration.ofSeconds(5));
                bodies.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the consumer", e);
            }
            assigned = false;
        }
    }

    /** Tracks a poll's records (in offset order) and queues them in the order their bodies are read. */
    private void enqueue(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Waiting> polled = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            OffsetTracker tracker = trackers.computeIfAbsent(tp, k -> new OffsetTracker());
            tracker.add(r.offset());
            ReleasedMail mail = null;
            RuntimeException unreadable = null;
            try {
                mail = ReleasedRecords.parse(r);
            } catch (RuntimeException e) {
                unreadable = e;
            }
            polled.add(new Waiting(r, tp, tracker, mail, unreadable));
        }
        polled.sort(Waiting.BODY_ORDER); // stable: in offset order where no body is named
        waiting.addAll(polled);
    }

    /** Starts waiting records while the limits allow, reading the bodies they name. */
    private void startWaiting() {
        while (!waiting.isEmpty() && inFlightMessages.get() < limits.maxInFlightMessages()
                && inFlightBytes.get() < limits.maxInFlightBytes()) {
            Waiting w = waiting.peekFirst();
            ReleasedMail mail = w.mail();
            BodyMissingException missing = null;
            if (mail != null && mail.needsBody() && !processor.isStale(mail)) {
                try {
                    mail = mail.withBody(bodies.read(mail.bodyRef(), mail.messageId()));
                    metrics.body("read");
                } catch (BodyMissingException e) {
                    missing = e;
                } catch (KafkaException e) {
                    metrics.body("unavailable");
                    if (!(e instanceof TimeoutException)) {
                        bodies.reset();
                    }
                    ReleasedMail m = mail;
                    LogFields.message(m.messageId(), m.domain().value()).log(() -> LOG.warnf(
                            "the body of %s could not be read (%s); trying again", m, e.toString()));
                    return; // it stays first; the partitions are paused until it has started
                } catch (RuntimeException e) { // not a message this service can deliver: skipped as unreadable
                    waiting.pollFirst();
                    start(new Waiting(w.record(), w.partition(), w.tracker(), null, e), null, null);
                    continue;
                }
            }
            waiting.pollFirst();
            start(w, mail, missing);
        }
    }

    private void start(Waiting w, ReleasedMail mail, BodyMissingException missing) {
        ConsumerRecord<byte[], byte[]> r = w.record();
        long size = mail == null || mail.content() == null ? 0 : mail.content().length;
        inFlightMessages.incrementAndGet();
        inFlightBytes.addAndGet(size);
        CompletionStage<Void> stage;
        try {
            if (w.unreadable() != null) {
                throw w.unreadable();
            }
            stage = missing != null ? processor.bodyMissing(mail, missing) : processor.process(mail);
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable mail.released record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.toString());
            metrics.malformed();
            stage = CompletableFuture.completedFuture(null);
        }
        TopicPartition tp = w.partition();
        OffsetTracker tracker = w.tracker();
        stage.whenComplete((v, error) -> {
            inFlightMessages.decrementAndGet();
            inFlightBytes.addAndGet(-size);
            if (error != null) {
                publishFailures.incrementAndGet();
                LOG.errorf(error, "the outcome of %s-%d@%d was not published; not committing past it", r.topic(),
                        r.partition(), r.offset());
                return;
            }
            completions.add(new Completion(tp, tracker, r.offset()));
        });
    }

    private void flowControl() {
        long messages = inFlightMessages.get();
        long bytes = inFlightBytes.get();
        if (!paused && (!waiting.isEmpty() || messages >= limits.maxInFlightMessages()
                || bytes >= limits.maxInFlightBytes())) {
            consumer.pause(consumer.assignment());
            paused = true;
            pauses.incrementAndGet();
            LOG.debugf("pausing mail.released: %d messages, %d bytes in flight", messages, bytes);
        } else if (paused && waiting.isEmpty() && messages <= limits.maxInFlightMessages() * 3L / 4
                && bytes <= limits.maxInFlightBytes() * 3 / 4) {
            consumer.resume(consumer.paused());
            paused = false;
            LOG.debugf("resuming mail.released: %d messages, %d bytes in flight", messages, bytes);
        }
    }

    /** Marks finished offsets and commits what moved. */
    private void commitCompleted(boolean sync) {
        Completion c;
        while ((c = completions.poll()) != null) {
            if (trackers.get(c.partition()) == c.tracker()) {
                c.tracker().complete(c.offset());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        trackers.forEach((tp, t) -> t.advance().ifPresent(o -> commit.put(tp, new OffsetAndMetadata(o))));
        if (commit.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(commit);
        } else {
            consumer.commitAsync(commit, (offsets, e) -> {
                if (e != null) {
                    LOG.warnf("offset commit failed (will be retried by later commits): %s", e.toString());
                }
            });
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commitCompleted(true);
            } catch (RuntimeException e) {
                LOG.warnf("commit on revocation failed: %s", e.toString());
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        /** Their records not started yet belong to another consumer now. */
        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(trackers::remove);
            waiting.removeIf(w -> partitions.contains(w.partition()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = true;
            if (paused && !partitions.isEmpty()) {
                consumer.pause(partitions);
            }
        }
    }
}
