package io.dequeue.queue.body;

import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.body.BodyMissingException;

/**
 * The bodies of one stream task's held mail: the {@code mail.accepted} records of its partition,
 * by offset (a held message's sequence is its record's offset). queue-service keeps no copy;
 * it reads a body when it needs one (release, DSN, hand-off) and holds one at a time.
 */
public interface BodySource extends AutoCloseable {

    /**
     * The message at {@code offset} of this task's partition.
     *
     * @param messageId the message id it must carry
     * @throws BodyMissingException when it is gone or not there (never a wrong body)
     */
    AcceptedMail read(long offset, String messageId);

    /**
     * The processor has just read this record from {@code mail.accepted}. A source that is not
     * Kafka (the in-memory one of the topology tests) keeps it; the Kafka one reads it back later.
     */
    default void accepted(long offset, AcceptedMail mail) {
    }

    @Override
    void close();

    /** Opens the source of one task's partition (when its processor starts; closed with it). */
    @FunctionalInterface
    interface Factory {
        BodySource open(int partition);
    }
}
