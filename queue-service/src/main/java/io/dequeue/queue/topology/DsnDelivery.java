package io.dequeue.queue.topology;

import io.dequeue.model.log.LogFields;
import io.dequeue.model.DomainName;
import io.dequeue.model.IpLiteral;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.LeaseBatch;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * The gateway's own notifications (DSNs) are mail like any other: {@link QueueCore#returnToSender}
 * writes each to {@code mail.accepted} keyed by the sender's domain (or, for a sender at an address
 * literal, by {@link #LITERAL_SENDERS}), so it is held with a body, a state and an expiry. When
 * that domain is a gateway here, the DSN waits for the domain to collect its mail. Otherwise it
 * delivers itself: it is released at once to the mail hosts of its recipient's domain, and after a
 * temporary failure or an ended lease it is released again after a growing wait, until it is
 * delivered, fails permanently (then it is dropped: a DSN is never bounced) or expires.
 *
 * <p>The target is always of kind {@code mx}, for an address literal too (its host is then the
 * bare address): delivery-service applies its strict rules to it, so a DSN never goes to a
 * loopback, private or other internal address, nor to the gateway itself.
 */
final class DsnDelivery {
    private static final Logger LOG = Logger.getLogger(DsnDelivery.class);
    /**
     * The queue of DSNs to senders at an address literal ({@code x@[192.0.2.1]}): the topics are
     * keyed by domain names, and {@code .invalid} (RFC 6761) can never be a gateway's domain.
     */
    static final String LITERAL_SENDERS = "address-literal.invalid";

    private final QueueCore q;

    DsnDelivery(QueueCore q) {
        this.q = q;
    }

    /** Where a DSN to {@code address} is held: its domain, {@link #LITERAL_SENDERS}, or null when it cannot be reached. */
    static String queueKey(String address) {
        String part = domainPart(address);
        if (part == null) {
            return null;
        }
        if (literal(part) != null) {
            return LITERAL_SENDERS;
        }
        try {
            return DomainName.parse(part).value();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The mail domain of {@code address} as a target: its MX hosts, or the bare address of a literal. */
    static ReleaseTarget target(String address, int port) {
        String part = domainPart(address);
        if (part == null) {
            return null;
        }
        String ip = literal(part);
        if (ip != null) {
            return new ReleaseTarget(ReleaseTarget.Kind.MX, ip, port);
        }
        try {
            return new ReleaseTarget(ReleaseTarget.Kind.MX, DomainName.parse(part).value(), port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String domainPart(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? null : address.substring(at + 1);
    }

    /** The address inside {@code [..]} ({@code IPv6:} removed), or null when the part is no address literal. */
    private static String literal(String part) {
        if (!part.startsWith("[") || !part.endsWith("]")) {
            return null;
        }
        String inner = part.substring(1, part.length() - 1);
        inner = inner.regionMatches(true, 0, "IPv6:", 0, 5) ? inner.substring(5) : inner;
        return IpLiteral.isIp(inner) ? inner : null;
    }

    /** Releases a held DSN to its recipient's mail hosts (a new release: id, lease, one more attempt). */
    void release(HeldMessage m, long now) {
        ReleaseTarget target = m.pending().isEmpty() ? null : target(m.pending().get(0).address(), q.options.dsnPort());
        if (target == null) {
            LogFields.message(m.messageId(), m.domain()).log(() ->
                    LOG.warnf("DSN %s for %s cannot be delivered (no usable recipient domain); dropping it",
                            m.messageId(), m.domain()));
            q.lifecycle(LifecycleEvent.Type.DROPPED, m.domain(), m.messageId(), now,
                    Details.of("reason", "undeliverable notification", "dsn", true));
            q.remove(m);
            return;
        }
        String releaseId = UUID.randomUUID().toString();
        Instant lease = Instant.ofEpochMilli(now).plus(q.options.lease());
        HeldMessage released = m.released(releaseId, target, lease, null);
        q.usage.change(m.domain(), 0, 0, 1);
        q.mail.addLease(new LeaseBatch(m.domain(), releaseId, m.sequence(), m.sequence()), lease);
        q.mail.put(released);
        // The DSN is a mail.accepted record of its own: the release names it, delivery-service reads it.
        Headers h = q.out.headers(EventTypes.MAIL_RELEASED, CloudEvents.RFC822, now);
        MailHeaders.putEnvelope(h, m.releaseEnvelope());
        MailHeaders.putRelease(h, releaseId, lease, target, released.attempts());
        CloudEvents.put(h, MailHeaders.IS_DSN, "true");
        MailHeaders.putAcceptedRef(h, q.mail.bodyRef(m));
        q.out.released(m.domain(), Emitter.NO_BODY, h, now);
        q.metrics.released(1);
        q.lifecycle(LifecycleEvent.Type.RELEASED, m.domain(), m.messageId(), now, Details.of(
                "releaseId", releaseId, "attempt", released.attempts(), "via", "dsn",
                "targetKind", Releases.kindName(target.kind()), "targetHost", target.host(),
                "targetPort", target.port(), "dsn", true));
    }

    /** A DSN back in HELD after a temporary failure or an ended lease: its next attempt is scheduled. */
    void retryLater(HeldMessage m, long now) {
        long at = now + q.options.dsnRetryAfter(Math.max(1, m.attempts())).toMillis();
        q.mail.addDeadline(new DeadlineKey(at, DeadlineKey.Kind.RETRY, m.stateKey()));
    }

    /** A retry deadline fell due: the DSN goes out again if it is still held and still delivers itself. */
    void retryDue(DeadlineKey d, long now) {
        HeldMessage m = q.mail.message(d.ref());
        if (m == null || m.isReleased() || !q.selfDelivered(m)) {
            return; // delivered, dropped or expired meanwhile; in flight; or its domain became a gateway here
        }
        release(m, now);
    }
}
