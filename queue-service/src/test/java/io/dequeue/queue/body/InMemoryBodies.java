package io.dequeue.queue.body;

import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.body.BodyMissingException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topology tests' {@code mail.accepted}: every record the queue processor reads from it (piped
 * in by the test, or written by the topology itself and fed back by the test driver), kept by
 * (partition, offset). {@link #delete} plays retention.
 */
public final class InMemoryBodies implements BodySource.Factory {
    private final Map<String, AcceptedMail> records = new ConcurrentHashMap<>();

    @Override
    public BodySource open(int partition) {
        return new BodySource() {
            @Override
            public AcceptedMail read(long offset, String messageId) {
                AcceptedMail m = records.get(key(partition, offset));
                if (m == null) {
                    throw new BodyMissingException(BodyMissingException.Reason.DELETED, partition, offset,
                            "not in the in-memory topic");
                }
                if (!m.envelope().messageId().equals(messageId)) {
                    throw new BodyMissingException(BodyMissingException.Reason.NOT_THE_MESSAGE, partition, offset,
                            "the record is message " + m.envelope().messageId() + ", not " + messageId);
                }
                return m;
            }

            @Override
            public void accepted(long offset, AcceptedMail mail) {
                records.put(key(partition, offset), mail);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The record at (partition, offset), or null. */
    public AcceptedMail get(int partition, long offset) {
        return records.get(key(partition, offset));
    }

    /** Removes a record, as retention would. */
    public void delete(int partition, long offset) {
        records.remove(key(partition, offset));
    }

    private static String key(int partition, long offset) {
        return partition + "@" + offset;
    }
}
