package io.dequeue.queue.body;

import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.body.AcceptedMailReader;
import io.dequeue.model.kafka.KafkaClientProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * The production {@link BodySource}: an {@link AcceptedMailReader} of the task's partition,
 * opened at the first read (a task that never releases never connects).
 */
public final class KafkaBodies implements BodySource {
    private final KafkaClientProperties kafka;
    private final String clientId;
    private final int partition;
    private final int fetchBytes;
    private final Duration timeout;
    private AcceptedMailReader reader;

    private KafkaBodies(KafkaClientProperties kafka, String clientId, int partition, int fetchBytes,
                        Duration timeout) {
        this.kafka = kafka;
        this.clientId = clientId;
        this.partition = partition;
        this.fetchBytes = fetchBytes;
        this.timeout = timeout;
    }

    /** The factory: each task's source gets client id {@code <clientIdPrefix>-bodies-<partition>}. */
    public static Factory factory(KafkaClientProperties kafka, String clientIdPrefix, int fetchBytes,
                                  Duration timeout) {
        Objects.requireNonNull(kafka, "kafka");
        return partition -> new KafkaBodies(kafka, clientIdPrefix + "-bodies-" + partition, partition, fetchBytes,
                timeout);
    }

    @Override
    public AcceptedMail read(long offset, String messageId) {
        if (reader == null) {
            reader = new AcceptedMailReader(kafka, clientId, fetchBytes, AcceptedMailReader.DEFAULT_FORWARD_RECORDS,
                    timeout);
        }
        return reader.read(partition, offset, messageId);
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
