package io.dequeue.queue.topology;

import io.dequeue.model.log.LogFields;
import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.topic.Topics;
import io.dequeue.queue.dsn.DsnBuilder;
import io.dequeue.queue.dsn.RecipientStatus;
import io.dequeue.queue.store.AtrnGrant;
import io.dequeue.queue.store.HeldMail;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.StateKey;
import io.dequeue.queue.usage.UsageTracker;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every part of the queue processor shares: the stores, the gateways, the sinks, the usage
 * counters, and the transitions they all use (back to HELD, removal, return to the sender).
 */
final class QueueCore {
    private static final Logger LOG = Logger.getLogger(QueueCore.class);

    final HeldMail mail;
    final GatewayLookup gateways;
    final Emitter out;
    final UsageTracker usage;
    final QueueOptions options;
    final QueueMetrics metrics;
    final DsnBuilder dsn;
    final DsnDelivery dsnDelivery;

    QueueCore(HeldMail mail, GatewayLookup gateways, Emitter out, UsageTracker usage, QueueOptions options) {
        this.mail = mail;
        this.gateways = gateways;
        this.out = out;
        this.usage = usage;
        this.options = options;
        this.metrics = options.metrics();
        this.dsn = new DsnBuilder(options.reportingMta(), options.fullReturnLimit());
        this.dsnDelivery = new DsnDelivery(this);
    }

    void lifecycle(LifecycleEvent.Type type, String domain, String messageId, long now, Map<String, Object> details) {
        out.lifecycle(type, domain, messageId, now, details);
    }

    /** Whether a released message is still covered by its lease (or its ATRN grant). */
    boolean leaseLive(HeldMessage m, long now) {
        if (!m.isReleased()) {
            return false;
        }
        if (m.grantSession() != null) {
            AtrnGrant g = mail.grant(StateKey.scoped(m.domain(), m.grantSession()));
            return g != null && g.releaseId().equals(m.releaseId()) && g.leaseDeadline().toEpochMilli() > now;
        }
        return m.leaseDeadline() != null && m.leaseDeadline().toEpochMilli() > now;
    }

    /** RELEASED -> HELD (lease ended, transient failure, ATRN session over); pending recipients stay. */
    HeldMessage toHeld(HeldMessage m, String reason, long now) {
        if (m.isReleased()) {
            usage.change(m.domain(), 0, 0, -1);
        }
        HeldMessage held = m.backToHeld();
        mail.put(held);
        if (selfDelivered(held)) {
            dsnDelivery.retryLater(held, now);
        }
        lifecycle(LifecycleEvent.Type.HELD, m.domain(), m.messageId(), now,
                Details.of("reason", reason, "releaseId", m.releaseId(), "attempts", m.attempts(),
                        "pendingRecipients", m.pending().size()));
        return held;
    }

    /** The message leaves the queue: body, state, index and deadlines go, the counters follow. */
    void remove(HeldMessage m) {
        mail.remove(m);
        usage.change(m.domain(), -1, -m.size(), m.isReleased() ? -1 : 0);
    }

    /**
     * Sends a delivery status notification to the sender for the given recipients (those whose
     * NOTIFY allows it); nothing for the null sender or for a notification of the gateway. The
     * notification is mail: it goes to {@code mail.accepted} keyed by the sender's domain and is
     * held there ({@link DsnDelivery}).
     *
     * @return the notification's message id, or null when none was sent
     */
    String returnToSender(HeldMessage m, AcceptedMail body, List<RecipientStatus> statuses, String reason, String why,
                          long now) {
        if (m.dsn() || body == null || body.envelope().isNullSender()) {
            return null;
        }
        List<RecipientStatus> wanted = statuses.stream().filter(RecipientStatus::wanted).toList();
        if (wanted.isEmpty()) {
            return null;
        }
        Envelope original = body.envelope();
        String key = DsnDelivery.queueKey(original.reversePath());
        if (key == null) {
            LogFields.message(m.messageId(), m.domain()).log(() ->
                    LOG.warnf("no notification for %s: the sender's domain cannot be reached", m.messageId()));
            return null;
        }
        DsnBuilder.Dsn n = dsn.build(original, body.raw(), wanted, reason, Instant.ofEpochMilli(now));
        Headers h = out.headers(EventTypes.MAIL_ACCEPTED, CloudEvents.RFC822, now);
        MailHeaders.putEnvelope(h, n.envelope());
        CloudEvents.put(h, MailHeaders.IS_DSN, "true");
        out.accepted(key, n.message(), h, now);
        metrics.dsn(why);
        return n.envelope().messageId();
    }

    /**
     * The domain's maximum hold time, never longer than {@link Topics#MAX_HOLD_TIME_LIMIT}: the
     * bodies stay in {@code mail.accepted} only that long (plus a margin), whatever an older
     * gateway record says.
     */
    Duration maxHold(String domain) {
        GatewayRecord g = gateways.get(domain);
        Duration d = g == null ? GatewaySettings.DEFAULT_MAX_HOLD_TIME : g.settings().maxHoldTime();
        return d.compareTo(Topics.MAX_HOLD_TIME_LIMIT) > 0 ? Topics.MAX_HOLD_TIME_LIMIT : d;
    }

    /** A DSN held for a domain that is not a gateway here: it delivers itself, with retries. */
    boolean selfDelivered(HeldMessage m) {
        return m.dsn() && gateways.get(m.domain()) == null;
    }

    /** {@code 550 5.1.1 User unknown}, for people and lifecycle events. */
    static String replyText(DeliveryOutcome.SmtpReplyInfo r) {
        if (r == null) {
            return null;
        }
        StringBuilder b = new StringBuilder().append(r.code());
        if (r.enhanced() != null) {
            b.append(' ').append(r.enhanced());
        }
        if (r.text() != null && !r.text().isBlank()) {
            b.append(' ').append(r.text().strip());
        }
        return b.toString();
    }

    /** The enhanced status of a reply, or a generic one of its class. */
    static String status(DeliveryOutcome.SmtpReplyInfo r, boolean permanent) {
        if (r != null && r.enhanced() != null && r.enhanced().matches((permanent ? "5" : "4") + "\\.\\d{1,3}\\.\\d{1,3}")) {
            return r.enhanced();
        }
        return permanent ? "5.0.0" : "4.0.0";
    }

    /** "7 days", "36 hours", "90 minutes". */
    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes > 0) {
            long days = minutes / (24 * 60);
            return days + (days == 1 ? " day" : " days");
        }
        if (minutes % 60 == 0 && minutes > 0) {
            long hours = minutes / 60;
            return hours + (hours == 1 ? " hour" : " hours");
        }
        if (minutes > 0) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        return d.toSeconds() + " seconds";
    }
}
