package io.dequeue.queue.admin;

import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.body.AcceptedMailReader;
import io.dequeue.model.body.BodyMissingException;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.queue.QueueConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The admin API's reader of held mail's bodies in {@code mail.accepted}: one consumer, opened at
 * the first request, shared by the (rare) requests one at a time.
 */
@ApplicationScoped
public class AdminBodies {
    @Inject
    KafkaClientProperties kafka;

    @Inject
    QueueConfig config;

    private AcceptedMailReader reader;

    /** The message at {@code offset} of {@code partition}; empty when it is gone or is not that message. */
    public synchronized Optional<AcceptedMail> read(int partition, long offset, String messageId) {
        if (reader == null) {
            reader = new AcceptedMailReader(kafka, "queue-service-" + config.instance() + "-admin-bodies",
                    config.bodies().fetchBytes(), AcceptedMailReader.DEFAULT_FORWARD_RECORDS, config.bodies().timeout());
        }
        try {
            return Optional.of(reader.read(partition, offset, messageId));
        } catch (BodyMissingException e) {
            return Optional.empty();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
