package io.dequeue.edge.kafka;

import io.dequeue.model.event.EventTypes;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads single released messages of this edge's reply partition again, by offset, with a consumer
 * of its own: the reply reader keeps only a reference to a message whose session already holds
 * its share of memory, and the session fetches it here, a few ahead of sending them. One thread,
 * one request at a time, in the order asked; consecutive offsets come from the fetch already
 * buffered (no seek, no new fetch), only a jump back or far ahead seeks.
 */
final class ReplyRereader {
    private static final Logger LOG = Logger.getLogger(ReplyRereader.class);
    /** How long one record may take to come back before the request fails. */
    private static final Duration RECORD_WAIT = Duration.ofSeconds(10);
    /** Read forward instead of seeking when the offset asked for is at most this far past the position. */
    private static final long SKIP_AHEAD = 64;

    private record Request(long offset, CompletableFuture<AtrnMessage> result) {
    }

    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final KafkaClientProperties kafka;
    private final String clientId;
    private final TopicPartition partition;
    private volatile boolean closed;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** The offset the consumer reads next, or -1 when unknown (seek first). */
    private long position = -1;
    private final Thread thread;

    ReplyRereader(KafkaClientProperties kafka, String clientId, int partition) {
        this.kafka = kafka;
        this.clientId = clientId;
        this.partition = new TopicPartition(Topics.EDGE_REPLIES, partition);
        thread = new Thread(this::run, "edge-replies-reread");
        thread.setDaemon(true);
        thread.start();
    }

    /** The message at {@code offset}; fails when the record is gone or is not a released message. */
    CompletableFuture<AtrnMessage> read(long offset) {
        CompletableFuture<AtrnMessage> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("closed"));
        } else {
            requests.add(new Request(offset, f));
        }
        return f;
    }

    void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.interrupt();
    }

    private KafkaConsumer<byte[], byte[]> open() {
        Properties p = new Properties();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // at least one whole batch comes back even when it is larger
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.consumer(p), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.assign(List.of(partition));
        return c;
    }

    private void run() {
        while (!closed) {
            Request req;
            try {
                req = requests.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (req == null) {
                continue;
            }
            try {
                if (consumer == null) {
                    consumer = open();
                }
                req.result().complete(fetch(consumer, req.offset()));
            } catch (WakeupException e) {
                req.result().completeExceptionally(new IllegalStateException("closed"));
            } catch (RuntimeException e) {
                req.result().completeExceptionally(e);
                if (!(e instanceof NoSuchElementException)) {
                    LOG.warnf("re-reading %s@%d failed: %s", partition, req.offset(), e.toString());
                    KafkaConsumer<byte[], byte[]> c = consumer;
                    consumer = null;
                    position = -1;
                    if (c != null) {
                        c.close(Duration.ofSeconds(1));
                    }
                }
            }
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.close(Duration.ofSeconds(1));
        }
        Request left;
        while ((left = requests.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("closed"));
        }
    }

    private AtrnMessage fetch(KafkaConsumer<byte[], byte[]> c, long offset) {
        if (position < 0 || offset < position || offset - position > SKIP_AHEAD) {
            c.seek(partition, offset);
            position = offset;
        }
        long deadline = System.nanoTime() + RECORD_WAIT.toNanos();
        while (System.nanoTime() < deadline && !closed) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                position = r.offset() + 1;
                if (r.offset() < offset) {
                    continue; // another session's record, or one already read, between the position and the offset
                }
                if (r.offset() != offset || !EventTypes.REPLY_ATRN_MESSAGE.equals(CloudEvents.type(r.headers()))) {
                    throw new NoSuchElementException("no released message at " + partition + "@" + offset);
                }
                return AtrnMessage.of(r);
            }
        }
        position = -1;
        throw new NoSuchElementException("record " + partition + "@" + offset + " did not come back in time");
    }
}
