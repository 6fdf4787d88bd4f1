package io.dequeue.delivery.service;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.MailHeaders;
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
 *                      (once the body is read, the {@code mail.accepted} record's envelope with these recipients)
 * @param dsn           {@code dq_dsn}: a delivery status notification made by the gateway
 * @param content       the raw message; null while a release that names its body has not read it
 * @param bodyRef       {@code dq_accepted_partition}/{@code dq_accepted_offset}: where the body is, or null
 *                      when the record carried it
 */
public record ReleasedMail(DomainName domain, String releaseId, Instant leaseDeadline, ReleaseTarget target,
                           int attempt, Envelope envelope, boolean dsn, byte[] content,
                           MailHeaders.AcceptedRef bodyRef) {

    public ReleasedMail {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(envelope, "envelope");
        if (content == null && bodyRef == null) {
            throw new NullPointerException("content");
        }
    }

    /** A release that carried its body. */
    public ReleasedMail(DomainName domain, String releaseId, Instant leaseDeadline, ReleaseTarget target, int attempt,
                        Envelope envelope, boolean dsn, byte[] content) {
        this(domain, releaseId, leaseDeadline, target, attempt, envelope, dsn, Objects.requireNonNull(content,
                "content"), null);
    }

    /** A release that names its body, not yet read. */
    public static ReleasedMail named(DomainName domain, String releaseId, Instant leaseDeadline, ReleaseTarget target,
                                     int attempt, Envelope envelope, boolean dsn, MailHeaders.AcceptedRef bodyRef) {
        return new ReleasedMail(domain, releaseId, leaseDeadline, target, attempt, envelope, dsn, null,
                Objects.requireNonNull(bodyRef, "bodyRef"));
    }

    /** Whether the body must still be read from {@code mail.accepted}. */
    public boolean needsBody() {
        return content == null;
    }

    /**
     * With its body read: the accepted record's raw bytes, and its envelope (BODY, RET, ENVID) for
     * the recipients this release names.
     */
    public ReleasedMail withBody(AcceptedMail accepted) {
        Envelope e = accepted.envelope().withRecipients(envelope.recipients());
        return new ReleasedMail(domain, releaseId, leaseDeadline, target, attempt, e, dsn, accepted.raw(), bodyRef);
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
                + " target=" + target + (content == null ? " body=" + bodyRef : " bytes=" + content.length) + (dsn ? " dsn" : "") + "]";
    }
}
