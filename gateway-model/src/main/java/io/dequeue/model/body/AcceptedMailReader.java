package io.dequeue.model.body;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads messages of {@code mail.accepted} by (partition, offset) through a consumer of its own
 * (assigned, never in a group, never committing, {@code read_committed}).
 *
 * <p>Reads in ascending offsets (a domain's held mail is in offset order) read forward: records
 * of the last fetch are used where they are, and a wanted offset at most {@code forwardRecords}
 * ahead is reached by reading on. A wanted offset further ahead, or behind, is sought. Memory is
 * bounded by the fetch size ({@code max.partition.fetch.bytes} = {@code fetch.max.bytes}, at
 * most {@link Topics#MAX_RECORD_BYTES}; a record larger than it still comes, alone): never many
 * large bodies at once.
 *
 * <p>Never a wrong body: the record must sit at exactly the offset asked for and carry the
 * expected message id, or {@link BodyMissingException} says precisely what is wrong. Not thread
 * safe: one reader per thread (queue-service has one per stream task).
 */
public final class AcceptedMailReader implements AutoCloseable {
    /** Default fetch size: a few dozen 4 KiB messages, or one large one. */
    public static final int DEFAULT_FETCH_BYTES = 256 * 1024;
    /** Default distance (in offsets) read through rather than sought. */
    public static final int DEFAULT_FORWARD_RECORDS = 64;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration timeout;
    private final int forwardRecords;
    private TopicPartition assigned;
    private Iterator<ConsumerRecord<byte[], byte[]>> buffered = Collections.emptyIterator();
    private ConsumerRecord<byte[], byte[]> head;
    private long seeks;
    private long passed;

    /**
     * @param kafka the cluster and its security settings
     * @param clientId the consumer's client id
     * @param fetchBytes the fetch size (bounds memory)
     * @param forwardRecords how many offsets ahead are read through instead of sought
     * @param timeout how long one read may wait for the broker
     */
    public AcceptedMailReader(KafkaClientProperties kafka, String clientId, int fetchBytes, int forwardRecords,
                              Duration timeout) {
        this(Topics.MAIL_ACCEPTED, kafka, clientId, fetchBytes, forwardRecords, timeout);
    }

    /** As above, on another topic of the same format (tests). */
    public AcceptedMailReader(String topic, KafkaClientProperties kafka, String clientId, int fetchBytes,
                              int forwardRecords, Duration timeout) {
        if (fetchBytes < 1 || fetchBytes > Topics.MAX_RECORD_BYTES || forwardRecords < 0) {
            throw new IllegalArgumentException("fetchBytes must be 1.." + Topics.MAX_RECORD_BYTES
                    + " and forwardRecords not negative");
        }
        this.topic = Objects.requireNonNull(topic, "topic");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.forwardRecords = forwardRecords;
        Map<String, Object> role = new HashMap<>();
        role.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        role.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        role.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        role.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        role.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetchBytes);
        role.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchBytes);
        role.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        consumer = new KafkaConsumer<>(kafka.consumer(role), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The message at {@code offset} of {@code partition}.
     *
     * @param messageId the message id its envelope must carry (null: any)
     * @throws BodyMissingException when it is gone or is not there (never a wrong body)
     * @throws TimeoutException when the broker did not answer within the timeout (try again)
     */
    public AcceptedMail read(int partition, long offset, String messageId) {
        TopicPartition tp = new TopicPartition(topic, partition);
        if (!tp.equals(assigned)) {
            consumer.assign(List.of(tp));
            assigned = tp;
            seek(offset);
        } else {
            long next = head != null ? head.offset() : consumer.position(tp, timeout);
            if (offset < next || offset - next > forwardRecords) {
                seek(offset);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            while (head != null) {
                ConsumerRecord<byte[], byte[]> r = head;
                head = buffered.hasNext() ? buffered.next() : null;
                if (r.offset() == offset) {
                    return decode(r, partition, messageId);
                }
                if (r.offset() > offset) {
                    head = r; // it may be wanted next
                    throw new BodyMissingException(BodyMissingException.Reason.NO_RECORD, partition, offset,
                            "no committed record at this offset (the next is at " + r.offset() + ")");
                }
                passed++;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no answer for " + topic + "-" + partition + "@" + offset + " within "
                        + timeout);
            }
            List<ConsumerRecord<byte[], byte[]>> records;
            try {
                records = consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos()))).records(tp);
            } catch (OffsetOutOfRangeException e) {
                clear();
                assigned = null; // the next read assigns and seeks afresh
                throw new BodyMissingException(BodyMissingException.Reason.DELETED, partition, offset,
                        "out of the partition's range: deleted by retention (or the offset never existed)");
            }
            buffered = records.iterator();
            head = buffered.hasNext() ? buffered.next() : null;
            if (head == null && consumer.position(tp, timeout) > offset) {
                throw new BodyMissingException(BodyMissingException.Reason.NO_RECORD, partition, offset,
                        "no committed record at this offset");
            }
        }
    }

    private void seek(long offset) {
        clear();
        consumer.seek(assigned, offset);
        seeks++;
    }

    private void clear() {
        buffered = Collections.emptyIterator();
        head = null;
    }

    private static AcceptedMail decode(ConsumerRecord<byte[], byte[]> r, int partition, String messageId) {
        Envelope e;
        try {
            e = MailHeaders.envelope(r.headers());
        } catch (RuntimeException ex) {
            throw new BodyMissingException(BodyMissingException.Reason.NOT_THE_MESSAGE, partition, r.offset(),
                    "the record has no readable envelope: " + ex.getMessage());
        }
        if (e == null || r.value() == null) {
            throw new BodyMissingException(BodyMissingException.Reason.NOT_THE_MESSAGE, partition, r.offset(),
                    "the record has no envelope or no value");
        }
        if (messageId != null && !messageId.equals(e.messageId())) {
            throw new BodyMissingException(BodyMissingException.Reason.NOT_THE_MESSAGE, partition, r.offset(),
                    "the record is message " + e.messageId() + ", not " + messageId);
        }
        return new AcceptedMail(e, r.value());
    }

    /** How many times it sought (a read that could not read forward). */
    public long seeks() {
        return seeks;
    }

    /** How many records it read past to reach the wanted ones. */
    public long passed() {
        return passed;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
