package io.dequeue.model.body;

import io.dequeue.model.Envelope;

import java.util.Objects;

/**
 * One message as the edge (or queue-service, for a notification or a hand-off) wrote it to
 * {@code mail.accepted}: its envelope as accepted and its raw RFC 5322 bytes.
 *
 * @param envelope the envelope of the {@code dq_envelope} header
 * @param raw the record's value
 */
public record AcceptedMail(Envelope envelope, byte[] raw) {
    public AcceptedMail {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(raw, "raw");
    }
}
