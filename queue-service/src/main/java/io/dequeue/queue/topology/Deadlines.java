package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.queue.dsn.RecipientStatus;
import io.dequeue.queue.store.AtrnGrant;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMail;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.LeaseBatch;
import io.dequeue.queue.store.StateKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The wall-clock tick: everything due at or before now, in deadline order, at most
 * {@link QueueOptions#tickBatch()} per tick. Leases end (back to HELD), grants end, throttled
 * usage records go out, delay warnings and expiries (DSN, removal) happen. A deadline whose
 * subject has changed since it was set is simply dropped.
 */
final class Deadlines {
    private final QueueCore q;
    private final Releases releases;

    Deadlines(QueueCore q, Releases releases) {
        this.q = q;
        this.releases = releases;
    }

    /** @return how many deadlines were due */
    int tick(long now) {
        List<DeadlineKey> due = q.mail.due(now, q.options.tickBatch());
        for (DeadlineKey d : due) {
            q.mail.deleteDue(d);
            switch (d.kind()) {
                case LEASE:
                    leaseEnded(d, now);
                    break;
                case BATCH_LEASE:
                    batchLeaseEnded(d, now);
                    break;
                case GRANT:
                    AtrnGrant g = q.mail.grant(d.ref());
                    if (g != null && g.leaseDeadline().toEpochMilli() == d.at()) {
                        q.metrics.leaseExpired("atrn");
                        releases.endGrant(g, "atrn-lease-expired", now);
                    }
                    break;
                case RETRY:
                    q.dsnDelivery.retryDue(d, now);
                    break;
                case USAGE:
                    q.usage.due(d.ref(), now);
                    break;
                case WARN:
                    warn(d, now);
                    break;
                case EXPIRY:
                    expiry(d, now);
                    break;
                default:
                    break;
            }
        }
        return due.size();
    }

    private void leaseEnded(DeadlineKey d, long now) {
        HeldMessage m = q.mail.message(d.ref());
        if (m != null && m.isReleased() && m.grantSession() == null && m.leaseDeadline() != null
                && m.leaseDeadline().toEpochMilli() == d.at()) {
            q.metrics.leaseExpired("delivery");
            q.toHeld(m, "lease-expired", now);
        }
    }

    /** A release batch's lease ended: its messages still released under it (no outcome yet) are held again. */
    private void batchLeaseEnded(DeadlineKey d, long now) {
        LeaseBatch batch = LeaseBatch.parse(d.ref());
        String from = batch.firstKey();
        HeldMail.Batch b;
        do {
            b = q.mail.scanRange(from, batch.lastKey(), m -> m.isReleased() && m.grantSession() == null
                            && batch.releaseId().equals(m.releaseId()) && m.leaseDeadline() != null
                            && m.leaseDeadline().toEpochMilli() == d.at(), q.options.tickBatch(), Long.MAX_VALUE);
            for (HeldMessage m : b.messages()) {
                q.metrics.leaseExpired("delivery");
                q.toHeld(m, "lease-expired", now);
            }
            from = b.resumeAt();
        } while (!b.complete());
    }

    private void warn(DeadlineKey d, long now) {
        HeldMessage m = q.mail.message(d.ref());
        if (m == null || m.warnAt() == null || m.warnAt().toEpochMilli() != d.at()) {
            return;
        }
        q.mail.put(m.withoutWarning());
        List<RecipientStatus> delayed = new ArrayList<>();
        for (Envelope.Recipient r : m.pending()) {
            delayed.add(RecipientStatus.delayed(r, "4.0.0",
                    m.lastReply() == null ? "x-dequeue; held until the domain collects its mail (ETRN or ATRN)"
                            : "smtp; " + m.lastReply(), m.expiresAt()));
        }
        AcceptedMail body = q.mail.body(m);
        String dsnId = q.returnToSender(m, body, delayed, "The gateway holds it for " + m.domain()
                + " until that domain collects its mail.", "delayed", now);
        if (dsnId != null) {
            q.lifecycle(LifecycleEvent.Type.BOUNCED, m.domain(), m.messageId(), now, Details.of(
                    "dsnMessageId", dsnId, "action", "delayed", "sender", m.sender()));
        }
    }

    private void expiry(DeadlineKey d, long now) {
        HeldMessage m = q.mail.message(d.ref());
        if (m == null || m.expiresAt().toEpochMilli() != d.at()) {
            return;
        }
        Duration maxHold = q.maxHold(m.domain());
        Instant now_ = Instant.ofEpochMilli(now);
        Instant current = m.receivedAt().plus(maxHold);
        Instant later = null;
        if (current.isAfter(now_)) {
            later = current; // the hold time was made longer since the message came
        } else if (q.leaseLive(m, now)) {
            // In flight: decide when the release is over.
            Instant lease = m.grantSession() == null ? m.leaseDeadline()
                    : q.mail.grant(StateKey.scoped(m.domain(), m.grantSession())).leaseDeadline();
            later = lease.isAfter(now_) ? lease : now_.plusMillis(1);
        }
        if (later != null) {
            HeldMessage moved = m.withExpiresAt(later);
            q.mail.put(moved);
            q.mail.addDeadline(new DeadlineKey(later.toEpochMilli(), DeadlineKey.Kind.EXPIRY, d.ref()));
            return;
        }
        List<RecipientStatus> failed = new ArrayList<>();
        for (Envelope.Recipient r : m.pending()) {
            failed.add(RecipientStatus.failed(r, "4.4.7", m.lastReply() == null
                    ? "x-dequeue; not collected by " + m.domain() + " within " + QueueCore.human(maxHold)
                    : "smtp; " + m.lastReply(), null, m.lastAttemptAt()));
        }
        AcceptedMail body = q.mail.body(m);
        String dsnId = q.returnToSender(m, body, failed, "The gateway held it for " + QueueCore.human(maxHold)
                + " and " + m.domain() + " did not collect it in that time.", "expired", now);
        q.lifecycle(LifecycleEvent.Type.EXPIRED, m.domain(), m.messageId(), now, Details.of(
                "heldFor", maxHold, "pendingRecipients", m.pending().size(), "sender", m.sender(),
                "dsnMessageId", dsnId));
        if (dsnId != null) {
            q.lifecycle(LifecycleEvent.Type.BOUNCED, m.domain(), m.messageId(), now, Details.of(
                    "dsnMessageId", dsnId, "recipients", failed.size(), "reason", "expired", "sender", m.sender()));
        }
        q.remove(m);
    }
}
