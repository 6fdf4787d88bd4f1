package io.dequeue.edge.odmr;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.smtp.client.MessageResult;
import io.dequeue.smtp.client.OutboundMessage;
import io.dequeue.smtp.client.OutboundRecipient;
import io.dequeue.smtp.client.RecipientOutcome;
import io.dequeue.smtp.client.RecipientResult;
import io.dequeue.smtp.command.BodyType;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.dsn.Orcpt;
import io.dequeue.smtp.dsn.Ret;
import io.dequeue.smtp.reply.Reply;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** From a released message to what the reversed session sends, and from its result to the outcome record. */
final class AtrnMessages {
    private AtrnMessages() {
    }

    /**
     * The recipients of {@code envelope} in the granted {@code domain} only: a recipient of any
     * other domain never goes over this customer's connection.
     */
    static List<Envelope.Recipient> granted(Envelope envelope, DomainName domain) {
        return envelope.recipients().stream().filter(r -> inDomain(r, domain)).toList();
    }

    private static boolean inDomain(Envelope.Recipient r, DomainName domain) {
        String d = r.domain();
        return DomainName.isValid(d) && DomainName.parse(d).equals(domain);
    }

    /** The message as the SMTP client sends it, to {@code recipients}, with the envelope's DSN parameters. */
    static OutboundMessage outbound(Envelope envelope, List<Envelope.Recipient> recipients, byte[] content) {
        List<OutboundRecipient> rcpts = recipients.stream()
                .map(r -> new OutboundRecipient(r.address(), notify(r.notifyOn()), orcpt(r.orcpt()).orElse(null)))
                .toList();
        BodyType body = envelope.body() == Envelope.Body.EIGHT_BIT_MIME ? BodyType.EIGHT_BIT_MIME : null;
        Ret ret = envelope.ret() == null ? null : envelope.ret() == Envelope.Ret.FULL ? Ret.FULL : Ret.HDRS;
        return new OutboundMessage(envelope.reversePath(), rcpts, content, body, ret, envelope.envid());
    }

    private static Set<Notify> notify(List<Envelope.Notify> values) {
        if (values.isEmpty()) {
            return Set.of();
        }
        EnumSet<Notify> out = EnumSet.noneOf(Notify.class);
        for (Envelope.Notify n : values) {
            out.add(Notify.valueOf(n.name()));
        }
        return out;
    }

    /** The envelope keeps ORCPT decoded, as {@code type;address}. */
    private static Optional<Orcpt> orcpt(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int semi = value.indexOf(';');
        if (semi <= 0 || semi == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Orcpt(value.substring(0, semi), value.substring(semi + 1)));
    }

    /** One outcome record for the message, per recipient attempted. */
    static DeliveryOutcome outcome(AtrnGrant grant, Envelope envelope, MessageResult result, String deliveredBy,
                                   String remoteHost) {
        List<DeliveryOutcome.RecipientResult> results = result.results().stream().map(AtrnMessages::result).toList();
        return new DeliveryOutcome(grant.releaseId(), grant.domain(), envelope.messageId(), results, deliveredBy,
                remoteHost, Instant.now());
    }

    static DeliveryOutcome.RecipientResult result(RecipientResult r) {
        RecipientOutcome o = r.outcome();
        DeliveryOutcome.Status status = o instanceof RecipientOutcome.Delivered ? DeliveryOutcome.Status.DELIVERED
                : o instanceof RecipientOutcome.Permanent ? DeliveryOutcome.Status.PERMANENT
                : DeliveryOutcome.Status.TRANSIENT;
        return new DeliveryOutcome.RecipientResult(r.address(), status, info(o.reply()));
    }

    static DeliveryOutcome.SmtpReplyInfo info(Reply reply) {
        return new DeliveryOutcome.SmtpReplyInfo(reply.code(), reply.enhancedCode(), reply.text());
    }
}
