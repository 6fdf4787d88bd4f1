package io.dequeue.delivery.service;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.ReleaseTarget;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of {@code mail.released}, read.
 *
 * @param domain        the record key: the gateway domain the message was held for
 * @param releaseId     {@code dq_release_id}
 * @param leaseDeadline {@code dq_lease_deadline}: not to be started after it (null: no deadline)
 * @param target        {@code dq_target}, or null when missing
 * @param attempt       {@code dq_attempt}
 * @param envelope      {@code dq_envelope}: sender, the recipients still pending, DSN parameters
 * @param dsn           {@code dq_dsn}: a delivery status notification made by the gateway
 * @param content       the raw message
 */
public record ReleasedMail(DomainName domain, String releaseId, Instant leaseDeadline, ReleaseTarget target,
                           int attempt, Envelope envelope, boolean dsn, byte[] content) {

    public ReleasedMail {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(content, "content");
    }

    public String messageId() {
        return envelope.messageId();
    }

    /** Whether the lease ran out at {@code now}. */
    public boolean isStale(Instant now) {
        return leaseDeadline != null && !now.isBefore(leaseDeadline);
    }

    @Override
    public String toString() {
        return "ReleasedMail[" + domain + " " + envelope.messageId() + " release=" + releaseId + " attempt=" + attempt
                + " target=" + target + " bytes=" + content.length + (dsn ? " dsn" : "") + "]";
    }
}
