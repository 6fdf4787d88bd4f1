package io.dequeue.edge.kafka;

import io.dequeue.edge.config.EdgeConfig;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This edge's own partition of {@code edge.replies}: queue-service's answers to the requests this
 * instance made, and the messages released to its ATRN sessions.
 *
 * <p>Reading starts at the end of the partition when the instance starts, so replies meant for
 * sessions of an earlier process are never seen (their leases return that mail to HELD).
 *
 * <p>The partition is never paused for a session: one customer that does not read must not hold
 * up the grants, ETRN answers and messages of everybody else. Memory is bounded per session and
 * in total instead: a released message is handed over with its bytes only while its session holds
 * less than {@code atrnSessionBufferBytes} (always at least one message) and all sessions less
 * than {@code atrnBufferBytes}; otherwise the session gets a reference (the record's offset) and
 * reads the message again ({@link #reread}, a consumer of its own) when it is ready to send it.
 */
@ApplicationScoped
public class ReplyChannel {
    private static final Logger LOG = Logger.getLogger(ReplyChannel.class);

    private final Map<String, CompletableFuture<EdgeReply>> pending = new ConcurrentHashMap<>();
    /** A session's sink and the bytes of its messages held in memory. */
    private record SessionEntry(AtrnSink sink, AtomicLong held) {
    }

    private final Map<String, SessionEntry> sessions = new ConcurrentHashMap<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private volatile ReplyRereader rereader;

    @Inject
    EdgeConfig config;

    @Inject
    KafkaClientProperties kafka;

    @Inject
    MeterRegistry registry;

    private Counter unmatched;
    private Counter referenced;
    private Counter reread;

    void start(@Observes StartupEvent ev) {
        unmatched = registry.counter("dequeue.edge.replies.unmatched");
        referenced = registry.counter("dequeue.edge.atrn.messages", "held", "reference");
        reread = registry.counter("dequeue.edge.atrn.messages", "held", "reread");
        registry.gauge("dequeue.edge.atrn.buffered.bytes", bufferedBytes);
        rereader = new ReplyRereader(kafka, "smtp-edge-replies-reread-" + config.instanceId(), config.replyPartition());
        thread = new Thread(this::run, "edge-replies");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        closed = true;
        ReplyRereader rr = rereader;
        if (rr != null) {
            rr.close();
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Whether the channel is reading its partition (part of readiness). */
    public boolean isReady() {
        return positioned.isDone() && !positioned.isCompletedExceptionally();
    }

    /** The partition replies to this instance's requests must be written to. */
    public int partition() {
        return config.replyPartition();
    }

    /**
     * Registers interest in the answer to a request before the request is sent; the future
     * completes with the answer or fails with a {@link TimeoutException}.
     */
    public CompletableFuture<EdgeReply> expect(String requestId, Duration timeout) {
        CompletableFuture<EdgeReply> f = new CompletableFuture<EdgeReply>().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(requestId, f);
        f.whenComplete((r, e) -> pending.remove(requestId));
        return f;
    }

    /** Messages released to {@code sessionId} are handed to {@code sink} on the reader thread, in order. */
    public void openSession(String sessionId, AtrnSink sink) {
        sessions.put(sessionId, new SessionEntry(sink, new AtomicLong()));
    }

    public void closeSession(String sessionId) {
        sessions.remove(sessionId);
    }

    /** A session is done with (or dropped) a message of {@code bytes} it was handed or re-read. */
    public void released(String sessionId, long bytes) {
        bufferedBytes.addAndGet(-bytes);
        SessionEntry e = sessions.get(sessionId);
        if (e != null) {
            e.held().addAndGet(-bytes);
        }
    }

    /**
     * Reads the released message at {@code offset} of this edge's partition again, for a session
     * that was handed a reference; its bytes count as held from then on (give them back with
     * {@link #released}). Fails when the record is no longer there.
     */
    public CompletableFuture<AtrnMessage> reread(String sessionId, long offset) {
        return rereader.read(offset).thenApply(m -> {
            reread.increment();
            bufferedBytes.addAndGet(m.message().length);
            SessionEntry e = sessions.get(sessionId);
            if (e != null) {
                e.held().addAndGet(m.message().length);
            }
            return m;
        });
    }

    /** Bytes of released messages held in memory for all sessions now. */
    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    private void run() {
        while (!closed) {
            Properties p = new Properties();
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "smtp-edge-replies-" + config.instanceId());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
            p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.consumer(p), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                TopicPartition tp = new TopicPartition(Topics.EDGE_REPLIES, config.replyPartition());
                c.assign(List.of(tp));
                if (!positioned.isDone()) {
                    c.seekToEnd(List.of(tp));
                    c.position(tp, Duration.ofSeconds(30));
                    positioned.complete(null);
                    LOG.infof("reading replies on %s-%d from its end", Topics.EDGE_REPLIES, config.replyPartition());
                }
                while (!closed) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        dispatch(r);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warnf("edge replies reader failed (%s); reconnecting", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r) {
        String type = CloudEvents.type(r.headers());
        try {
            if (EventTypes.REPLY_ATRN_MESSAGE.equals(type)) {
                String sessionId = CloudEvents.get(r.headers(), MailHeaders.SESSION_ID);
                SessionEntry session = sessionId == null ? null : sessions.get(sessionId);
                if (session == null) {
                    unmatched.increment();
                    return;
                }
                int bytes = r.value().length;
                long held = session.held().get();
                boolean keep = (held == 0 || held + bytes <= config.atrnSessionBufferBytes())
                        && bufferedBytes.get() + bytes <= config.atrnBufferBytes();
                if (!keep) {
                    referenced.increment();
                    session.sink().reference(r.offset(), bytes);
                    return;
                }
                AtrnMessage m = AtrnMessage.of(r);
                bufferedBytes.addAndGet(bytes);
                session.held().addAndGet(bytes);
                session.sink().message(m);
                return;
            }
            EdgeReply reply = ContractSerdes.edgeReply().deserialize(r.topic(), r.value());
            CompletableFuture<EdgeReply> f = pending.get(reply.requestId());
            if (f == null) {
                unmatched.increment();
                return;
            }
            f.complete(reply);
        } catch (RuntimeException e) {
            unmatched.increment();
            LOG.warnf("unreadable record on %s-%d@%d (%s)", r.topic(), r.partition(), r.offset(), type);
        }
    }
}
