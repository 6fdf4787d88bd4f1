package io.dequeue.edge.smtp;

import io.dequeue.model.Envelope;
import io.dequeue.smtp.command.BodyType;
import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.command.MailParams;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.server.SessionInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The session's transaction as the contract's {@link Envelope} (the {@code dq_envelope} header). */
final class EnvelopeMapper {
    private EnvelopeMapper() {
    }

    static Envelope toModel(String queueId, io.dequeue.smtp.server.Envelope tx, SessionInfo session, long size, Instant at) {
        MailParams p = tx.mailParams();
        List<Envelope.Recipient> recipients = new ArrayList<>(tx.recipients().size());
        for (Command.Rcpt r : tx.recipients()) {
            List<Envelope.Notify> notify = new ArrayList<>();
            for (Notify n : r.params().notifyOn()) {
                notify.add(Envelope.Notify.valueOf(n.name()));
            }
            notify.sort(null);
            String orcpt = r.params().orcpt() == null ? null : r.params().orcpt().addressType() + ";" + r.params().orcpt().address();
            recipients.add(new Envelope.Recipient(r.forwardPath().address(), notify, orcpt));
        }
        return new Envelope(queueId, queueId,
                tx.reversePath() == null ? "" : tx.reversePath().address(),
                p.ret() == null ? null : Envelope.Ret.valueOf(p.ret().name()),
                p.envId(),
                p.body() == BodyType.EIGHT_BIT_MIME ? Envelope.Body.EIGHT_BIT_MIME : Envelope.Body.SEVEN_BIT,
                size, recipients, ClientIp.of(session.remoteAddress()), session.heloDomain(),
                session.authenticatedIdentity(), session.isTls(), at);
    }
}
