package io.dequeue.queue.topology;

import io.dequeue.model.log.LogFields;
import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.queue.store.HeldMessage;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * accepted -> HELD: the body is written once, with a small state record, its index entry and
 * deadlines. A DSN for a domain that is not a gateway here is released at once ({@link DsnDelivery}).
 */
final class Intake {
    private static final Logger LOG = Logger.getLogger(Intake.class);

    private final QueueCore q;

    Intake(QueueCore q) {
        this.q = q;
    }

    void accept(String domain, QueueInput.Accepted a, long now) {
        Envelope e = a.envelope();
        if (q.mail.contains(e.messageId())) {
            q.metrics.duplicate();
            LogFields.message(e.messageId(), domain).log(() ->
                    LOG.debugf("message %s for %s is held already; ignoring the copy", e.messageId(), domain));
            return;
        }
        GatewayRecord g = q.gateways.get(domain);
        Duration maxHold = q.maxHold(domain);
        Instant expiresAt = e.receivedAt().plus(maxHold);
        Instant warnAt = null;
        if (g != null && g.settings().delayWarningAfter() != null && !a.dsn() && !e.isNullSender()
                && e.recipients().stream().anyMatch(Envelope.Recipient::wantsDelayNotice)) {
            Instant w = e.receivedAt().plus(g.settings().delayWarningAfter());
            warnAt = w.isBefore(expiresAt) ? w : null;
        }
        HeldMessage m = HeldMessage.held(e, domain, a.offset(), a.raw().length, expiresAt, warnAt, a.handoffHops(),
                a.dsn());
        q.mail.hold(m, new AcceptedMail(e, a.raw()));
        q.usage.change(domain, 1, m.size(), 0);
        // Sender, recipients and size are in the edge's accepted event; only a message the gateway
        // made (a DSN) or handed over from another domain has none, so only theirs repeat them.
        boolean ownAccepted = a.handoffHops() > 0 || a.dsn();
        q.lifecycle(LifecycleEvent.Type.HELD, domain, e.messageId(), now,
                Details.of("sender", ownAccepted ? e.reversePath() : null,
                        "recipients", ownAccepted ? e.recipients().size() : null, "size", ownAccepted ? m.size() : null,
                        "expiresAt", expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        "handedOver", a.handoffHops() > 0 ? true : null, "dsn", a.dsn() ? true : null));
        if (q.selfDelivered(m)) {
            q.dsnDelivery.release(m, now);
        }
    }
}
