package io.dequeue.queue.topology;

import io.dequeue.model.log.LogFields;
import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.queue.dsn.RecipientStatus;
import io.dequeue.queue.store.HeldMessage;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@code delivery.outcomes}, per recipient: delivered recipients are settled, permanent
 * failures are settled with a DSN to the sender, transient ones stay pending and the message goes
 * back to HELD; a message with no recipient pending leaves the queue. An outcome of any release
 * but the message's latest one is ignored. The lifecycle events written here are the queue's own
 * (bounced, held); each recipient's delivered / deferred / failed event comes from whoever made
 * the attempt.
 */
final class Outcomes {
    private static final Logger LOG = Logger.getLogger(Outcomes.class);

    private final QueueCore q;
    private final Releases releases;

    Outcomes(QueueCore q, Releases releases) {
        this.q = q;
        this.releases = releases;
    }

    void apply(DeliveryOutcome o, long now) {
        HeldMessage m = q.mail.byMessageId(o.messageId());
        if (m == null || !m.domain().equals(o.domain().value())) {
            q.metrics.unknownOutcome();
            LogFields.message(o.messageId(), o.domain().value()).log(() ->
                    LOG.debugf("outcome for %s of %s: the message is not held here (settled or dropped)",
                            o.messageId(), o.domain()));
            return;
        }
        if (!o.releaseId().equals(m.releaseId())) {
            q.metrics.staleOutcome();
            LogFields.message(o.messageId(), m.domain()).log(() ->
                    LOG.infof("ignoring an outcome of release %s for %s: its current release is %s", o.releaseId(),
                            o.messageId(), m.releaseId()));
            return;
        }
        Map<String, DeliveryOutcome.RecipientResult> results = new HashMap<>();
        for (DeliveryOutcome.RecipientResult r : o.results()) {
            results.put(r.recipient().toLowerCase(Locale.ROOT), r);
        }
        String domain = m.domain();
        List<Envelope.Recipient> stillPending = new ArrayList<>();
        List<RecipientStatus> failed = new ArrayList<>();
        String lastReply = null;
        Instant at = o.at();
        for (Envelope.Recipient p : m.pending()) {
            DeliveryOutcome.RecipientResult r = results.get(p.address().toLowerCase(Locale.ROOT));
            if (r == null) {
                stillPending.add(p); // not attempted in this release
                continue;
            }
            // The per-recipient lifecycle events (delivered, deferred, failed) are the attempt's:
            // delivery-service or the edge's ATRN session published them with the outcome.
            // Announcing them again here would count every recipient twice.
            String reply = QueueCore.replyText(r.reply());
            switch (r.status()) {
                case DELIVERED:
                    break;
                case PERMANENT:
                    failed.add(RecipientStatus.failed(p, QueueCore.status(r.reply(), true),
                            reply == null ? null : "smtp; " + reply, o.remoteHost(), at));
                    break;
                default:
                    stillPending.add(p);
                    lastReply = reply != null ? reply : lastReply;
                    break;
            }
        }
        releases.renewGrant(m, now);
        if (!failed.isEmpty()) {
            AcceptedMail body = q.mail.body(m);
            String dsnId = q.returnToSender(m, body, failed,
                    "The receiving mail server rejected the message permanently.", "failed", now);
            if (dsnId != null) {
                q.lifecycle(LifecycleEvent.Type.BOUNCED, domain, m.messageId(), now, Details.of(
                        "dsnMessageId", dsnId, "recipients", failed.size(), "reason", "permanent failure",
                        "sender", m.sender()));
            }
        }
        if (stillPending.isEmpty()) {
            q.remove(m);
            return;
        }
        HeldMessage updated = m.afterOutcome(stillPending, lastReply, at);
        if (m.isReleased()) {
            q.toHeld(updated, "outcome", now);
        } else {
            q.mail.put(updated); // a late outcome of the latest release, after its lease ended
        }
    }
}
