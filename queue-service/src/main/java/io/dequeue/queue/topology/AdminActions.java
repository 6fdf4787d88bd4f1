package io.dequeue.queue.topology;

import io.dequeue.model.log.LogFields;
import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.queue.dsn.RecipientStatus;
import io.dequeue.queue.store.HeldMessage;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An operator's drop or bounce of one message, applied exactly once, recorded with the operator's name. */
final class AdminActions {
    private static final Logger LOG = Logger.getLogger(AdminActions.class);

    private final QueueCore q;

    AdminActions(QueueCore q) {
        this.q = q;
    }

    void drop(AdminRequest r, long now) {
        HeldMessage m = find(r);
        if (m == null) {
            return;
        }
        q.remove(m);
        q.lifecycle(LifecycleEvent.Type.DROPPED, m.domain(), m.messageId(), now, Details.of(
                "principal", r.principal(), "requestId", r.requestId(), "sender", m.sender(),
                "pendingRecipients", m.pending().size(), "state", m.state().name().toLowerCase()));
    }

    void bounce(AdminRequest r, long now) {
        String reason = r.reason();
        HeldMessage m = find(r);
        if (m == null) {
            return;
        }
        List<RecipientStatus> failed = new ArrayList<>();
        String why = reason == null || reason.isBlank() ? "returned by the gateway's operator"
                : "returned by the gateway's operator: " + reason.strip();
        for (Envelope.Recipient p : m.pending()) {
            failed.add(RecipientStatus.failed(p, "5.0.0", "x-dequeue; " + why, null, Instant.ofEpochMilli(now)));
        }
        AcceptedMail body = q.mail.body(m);
        String dsnId = q.returnToSender(m, body, failed, "The message was " + why + ".", "bounced", now);
        q.lifecycle(LifecycleEvent.Type.BOUNCED, m.domain(), m.messageId(), now, Details.of(
                "principal", r.principal(), "requestId", r.requestId(), "reason", reason, "sender", m.sender(),
                "recipients", failed.size(), "dsnSent", dsnId != null, "dsnMessageId", dsnId));
        q.remove(m);
    }

    private HeldMessage find(AdminRequest r) {
        HeldMessage m = q.mail.byMessageId(r.messageId());
        if (m == null || !m.domain().equals(r.domain().value())) {
            LogFields.message(r.messageId(), r.domain().value()).log(() ->
                    LOG.infof("admin %s %s: message %s is not held for %s", r.action(), r.requestId(), r.messageId(),
                            r.domain()));
            return null;
        }
        return m;
    }
}
