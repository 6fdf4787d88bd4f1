package io.dequeue.delivery.messaging;

import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.body.AcceptedMailReader;
import io.dequeue.model.body.BodyMissingException;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.topic.Topics;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The bodies releases name: their {@code mail.accepted} records, read with one
 * {@link AcceptedMailReader} owned by the consumer thread (not thread safe), opened at the first
 * read. Memory is the reader's fetch size plus the one body returned.
 */
public final class BodyReader implements AutoCloseable {
    private final Supplier<AcceptedMailReader> open;
    private AcceptedMailReader reader;

    public BodyReader(Supplier<AcceptedMailReader> open) {
        this.open = Objects.requireNonNull(open, "open");
    }

    /** The production reader: client id {@code <clientId>-bodies}. */
    public static BodyReader of(KafkaClientProperties kafka, String clientId, int fetchBytes, Duration timeout) {
        return new BodyReader(() -> new AcceptedMailReader(Topics.MAIL_ACCEPTED, kafka, clientId + "-bodies",
                fetchBytes, AcceptedMailReader.DEFAULT_FORWARD_RECORDS, timeout));
    }

    /**
     * The message at {@code ref}, which must be {@code messageId}.
     *
     * @throws BodyMissingException when it is gone or not there, for good
     * @throws org.apache.kafka.common.KafkaException when the broker did not answer (a
     *     {@code TimeoutException}) or failed otherwise: try again later
     */
    public AcceptedMail read(MailHeaders.AcceptedRef ref, String messageId) {
        if (reader == null) {
            reader = open.get();
        }
        return reader.read(ref.partition(), ref.offset(), messageId);
    }

    /** Forgets the reader after an error that may have left it unusable; the next read opens another. */
    public void reset() {
        close();
    }

    /** How many times the reader sought instead of reading on (0 before the first read). */
    public long seeks() {
        return reader == null ? 0 : reader.seeks();
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } finally {
                reader = null;
            }
        }
    }
}
