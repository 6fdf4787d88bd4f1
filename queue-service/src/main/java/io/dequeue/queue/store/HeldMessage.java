package io.dequeue.queue.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.ReleaseTarget;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The small, changing state of one held message. Its body is not here: it is the message's
 * {@code mail.accepted} record, at offset {@code sequence} of the partition of the task that
 * holds it (the topics are co-partitioned by domain).
 *
 * @param messageId the envelope's message id
 * @param domain the domain it is held for
 * @param sequence its sequence in the domain's key range: the offset of its {@code mail.accepted} record
 * @param state HELD or RELEASED
 * @param sender the reverse path, empty for the null sender
 * @param pending the recipients not yet settled, with their DSN parameters
 * @param size the stored size in bytes
 * @param receivedAt when the edge accepted it
 * @param expiresAt when the maximum hold time ends
 * @param warnAt when a delay warning is due, or null (none asked for, or already sent)
 * @param releaseId the latest release, or null before the first
 * @param leaseDeadline the latest release's lease (RELEASED by ETRN or the API)
 * @param grantSession the ATRN session it was released to (its lease is the grant's), or null
 * @param target the latest release's target, or null
 * @param attempts how many times it was released
 * @param lastReply the latest SMTP reply that kept it held, e.g. {@code 452 4.2.2 Mailbox full}
 * @param lastAttemptAt when the latest outcome arrived
 * @param handoffHops how many times it was handed from one local gateway domain to another
 * @param dsn a notification made by the gateway: it is never bounced again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeldMessage(String messageId, String domain, long sequence, State state, String sender,
                          List<Envelope.Recipient> pending, long size, Instant receivedAt, Instant expiresAt,
                          Instant warnAt, String releaseId, Instant leaseDeadline, String grantSession,
                          ReleaseTarget target, int attempts, String lastReply, Instant lastAttemptAt,
                          int handoffHops, boolean dsn) {

    public enum State { HELD, RELEASED }

    public HeldMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(state, "state");
        sender = sender == null ? "" : sender;
        pending = List.copyOf(pending);
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A newly held message. */
    public static HeldMessage held(Envelope e, String domain, long sequence, long size, Instant expiresAt,
                                   Instant warnAt, int handoffHops, boolean dsn) {
        return new HeldMessage(e.messageId(), domain, sequence, State.HELD, e.reversePath(), e.recipients(), size,
                e.receivedAt(), expiresAt, warnAt, null, null, null, null, 0, null, null, handoffHops, dsn);
    }

    @JsonIgnore
    public String stateKey() {
        return StateKey.of(domain, sequence);
    }

    /** The offset of its body's {@code mail.accepted} record (in the holding task's partition). */
    @JsonIgnore
    public long acceptedOffset() {
        return sequence;
    }

    /**
     * The envelope of a release that names its body: what the state knows (message id, sender,
     * size, received time, the recipients still pending with their DSN parameters). The other
     * envelope fields (BODY, RET, ENVID, the client) are those of the {@code mail.accepted} record.
     */
    @JsonIgnore
    public Envelope releaseEnvelope() {
        return new Envelope(messageId, null, sender, null, null, null, size, pending, null, null, null, false,
                receivedAt);
    }

    @JsonIgnore
    public boolean isReleased() {
        return state == State.RELEASED;
    }

    /** Released once more: a new release id, target and lease; one more attempt. */
    public HeldMessage released(String newReleaseId, ReleaseTarget newTarget, Instant lease, String session) {
        return new HeldMessage(messageId, domain, sequence, State.RELEASED, sender, pending, size, receivedAt,
                expiresAt, warnAt, newReleaseId, lease, session, newTarget, attempts + 1, lastReply, lastAttemptAt,
                handoffHops, dsn);
    }

    /** Back to HELD; the release id stays, so a late outcome of that release still counts until the next one. */
    public HeldMessage backToHeld() {
        return new HeldMessage(messageId, domain, sequence, State.HELD, sender, pending, size, receivedAt, expiresAt,
                warnAt, releaseId, null, null, target, attempts, lastReply, lastAttemptAt, handoffHops, dsn);
    }

    /** The recipients still pending after an outcome, and what the outcome said. */
    public HeldMessage afterOutcome(List<Envelope.Recipient> stillPending, String reply, Instant at) {
        return new HeldMessage(messageId, domain, sequence, state, sender, stillPending, size, receivedAt, expiresAt,
                warnAt, releaseId, leaseDeadline, grantSession, target, attempts, reply == null ? lastReply : reply, at,
                handoffHops, dsn);
    }

    public HeldMessage withExpiresAt(Instant newExpiresAt) {
        return new HeldMessage(messageId, domain, sequence, state, sender, pending, size, receivedAt, newExpiresAt,
                warnAt, releaseId, leaseDeadline, grantSession, target, attempts, lastReply, lastAttemptAt,
                handoffHops, dsn);
    }

    public HeldMessage withoutWarning() {
        return new HeldMessage(messageId, domain, sequence, state, sender, pending, size, receivedAt, expiresAt,
                null, releaseId, leaseDeadline, grantSession, target, attempts, lastReply, lastAttemptAt,
                handoffHops, dsn);
    }
}
