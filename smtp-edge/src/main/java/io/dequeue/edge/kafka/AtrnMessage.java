package io.dequeue.edge.kafka;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * A message released to an ATRN session, read from this edge's partition of {@code edge.replies}.
 *
 * @param domain the granted domain
 * @param sessionId the ODMR session it is for
 * @param releaseId the grant's release id, named in the outcome
 * @param envelope the envelope (recipients of the granted domain only)
 * @param message the raw message bytes
 */
public record AtrnMessage(DomainName domain, String sessionId, String releaseId, Envelope envelope, byte[] message) {

    /** The message of an {@code edge.replies} record of type {@code reply.atrn-message}. */
    static AtrnMessage of(ConsumerRecord<byte[], byte[]> r) {
        return new AtrnMessage(DomainName.parse(new String(r.key(), StandardCharsets.US_ASCII)),
                CloudEvents.get(r.headers(), MailHeaders.SESSION_ID), MailHeaders.releaseId(r.headers()),
                MailHeaders.envelope(r.headers()), r.value());
    }
}
