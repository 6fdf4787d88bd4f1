package io.dequeue.delivery.service;

import io.dequeue.model.log.LogFields;
import io.dequeue.delivery.DeliveryReplies;
import io.dequeue.delivery.transport.pool.ConnectionPool;
import io.dequeue.delivery.transport.pool.JobResult;
import io.dequeue.delivery.transport.pool.PoolKey;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.body.BodyMissingException;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.settings.OutboundTls;
import io.dequeue.smtp.client.LocalReplies;
import io.dequeue.smtp.client.OutboundMessage;
import io.dequeue.smtp.client.OutboundRecipient;
import io.dequeue.smtp.client.RecipientOutcome;
import io.dequeue.smtp.client.TlsMode;
import io.dequeue.smtp.command.BodyType;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.dsn.Orcpt;
import io.dequeue.smtp.dsn.Ret;
import io.dequeue.smtp.reply.Reply;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One released message in, one outcome out. A release whose lease deadline has passed is skipped
 * (a {@code deferred} lifecycle event with {@code reason=lease-expired}, a metric, no outcome: the
 * queue already took the message back). Otherwise the message goes through the pool to its target
 * with its gateway's outbound TLS policy, and exactly one {@link DeliveryOutcome} is published, plus
 * one lifecycle event per recipient ({@code delivered}, {@code deferred}, {@code failed}). A
 * gateway-made DSN ({@code dq_dsn}) that fails permanently is dropped and counted; its outcome and
 * its {@code failed} event (with {@code dsn=true}) are still published. A release whose body is gone
 * from {@code mail.accepted} ({@link #bodyMissing}) fails permanently, {@code 554 5.3.0}.
 *
 * <p>The returned stage completes once every record is acknowledged; only then may the release be
 * committed.
 */
public final class ReleaseProcessor {

    public static final String SERVICE = "delivery-service";

    private static final Logger LOG = Logger.getLogger(ReleaseProcessor.class);

    private final ConnectionPool pool;
    private final Function<DomainName, OutboundTls> tlsPolicy;
    private final EventPublisher publisher;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    /**
     * @param tlsPolicy the outbound TLS setting of a gateway domain (its GatewaySettings)
     */
    public ReleaseProcessor(ConnectionPool pool, Function<DomainName, OutboundTls> tlsPolicy, EventPublisher publisher,
                            DeliveryMetrics metrics, Clock clock) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.tlsPolicy = Objects.requireNonNull(tlsPolicy, "tlsPolicy");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the release's lease has passed (it is skipped; a body it names need not be read). */
    public boolean isStale(ReleasedMail mail) {
        return mail.isStale(clock.instant());
    }

    /**
     * A release whose body is gone from {@code mail.accepted} (retention, or the record there is not
     * the message): a permanent failure of every recipient, {@code 554 5.3.0}, reported like any
     * other (queue-service removes the message; it cannot return the original either).
     */
    public CompletionStage<Void> bodyMissing(ReleasedMail mail, BodyMissingException e) {
        if (isStale(mail)) {
            return stale(mail);
        }
        metrics.body("missing");
        fields(mail).log(() -> LOG.errorf("the body of %s is gone (%s: %s); failing its recipients permanently",
                mail, e.reason(), e.getMessage()));
        String why = switch (e.reason()) {
            case DELETED -> "deleted by retention";
            case NO_RECORD -> "no record at its offset";
            case NOT_THE_MESSAGE -> "another message at its offset";
        };
        return report(mail, new JobResult.Failed(new RecipientOutcome.Permanent(DeliveryReplies.bodyMissing(why)),
                null));
    }

    public CompletionStage<Void> process(ReleasedMail mail) {
        if (mail.isStale(clock.instant())) {
            return stale(mail);
        }
        if (mail.needsBody()) { // the consumer reads it first; never sent without it
            return report(mail, new JobResult.Failed(
                    new RecipientOutcome.Transient(DeliveryReplies.localError("message body not read")), null));
        }
        if (mail.target() == null) {
            return report(mail, new JobResult.Failed(new RecipientOutcome.Transient(DeliveryReplies.NO_TARGET), null));
        }
        OutboundMessage message;
        try {
            message = toOutbound(mail);
        } catch (RuntimeException e) {
            fields(mail).log(() -> LOG.warnf("cannot build the message of %s: %s", mail, e.toString()));
            return report(mail, new JobResult.Failed(
                    new RecipientOutcome.Transient(DeliveryReplies.localError("bad envelope")), null));
        }
        PoolKey key = new PoolKey(mail.target(), tlsMode(mail.domain()));
        return pool.submit(key, message, mail.leaseDeadline())
                .exceptionally(e -> new JobResult.Failed(
                        new RecipientOutcome.Transient(DeliveryReplies.localError(String.valueOf(e))), null))
                .thenCompose(result -> result instanceof JobResult.Stale ? stale(mail) : report(mail, result));
    }

    // ---- outcome and events ----------------------------------------------------------------

    private CompletionStage<Void> report(ReleasedMail mail, JobResult result) {
        List<String> addresses = new ArrayList<>();
        List<RecipientOutcome> outcomes = new ArrayList<>();
        String remoteHost = null;
        if (result instanceof JobResult.Sent sent) {
            remoteHost = sent.remoteHost();
            sent.result().results().forEach(r -> {
                addresses.add(r.address());
                outcomes.add(r.outcome());
            });
            metrics.bytes(sent.result().bytesWritten());
        } else {
            JobResult.Failed failed = (JobResult.Failed) result;
            remoteHost = failed.remoteHost();
            for (Envelope.Recipient r : mail.envelope().recipients()) {
                addresses.add(r.address());
                outcomes.add(failed.outcome());
            }
        }
        Instant at = clock.instant();
        List<DeliveryOutcome.RecipientResult> results = new ArrayList<>();
        List<CompletionStage<Void>> acks = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            RecipientOutcome o = outcomes.get(i);
            results.add(new DeliveryOutcome.RecipientResult(addresses.get(i), status(o), info(o.reply())));
            metrics.reply(o, result instanceof JobResult.Failed);
            if (mail.dsn() && o instanceof RecipientOutcome.Permanent) {
                metrics.dsnDropped();
                String address = addresses.get(i);
                fields(mail).log(() -> LOG.infof("DSN %s to %s failed permanently and is dropped: %s", mail.messageId(),
                        address, LocalReplies.brief(o.reply())));
            }
            acks.add(publisher.lifecycle(recipientEvent(mail, addresses.get(i), o, remoteHost, at)));
        }
        metrics.message(summary(outcomes, result));
        String via = remoteHost;
        fields(mail).log(() -> LOG.infof("%s attempt %d via %s: %s", mail.messageId(), mail.attempt(),
                via == null ? "-" : via, attemptSummary(results)));
        DeliveryOutcome outcome = new DeliveryOutcome(mail.releaseId(), mail.domain(), mail.messageId(), results,
                SERVICE, remoteHost, at);
        acks.add(0, publisher.outcome(outcome));
        return CompletableFuture.allOf(acks.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    private CompletionStage<Void> stale(ReleasedMail mail) {
        metrics.stale();
        metrics.message("stale");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", "lease-expired");
        details.put("releaseId", mail.releaseId());
        details.put("attempt", mail.attempt());
        if (mail.leaseDeadline() != null) {
            details.put("leaseDeadline", mail.leaseDeadline().toString());
        }
        fields(mail).log(() -> LOG.debugf("skipping stale release %s", mail));
        return publisher.lifecycle(new LifecycleEvent(LifecycleEvent.Type.DEFERRED, mail.domain(), mail.messageId(),
                SERVICE, clock.instant(), details));
    }

    /** Each recipient's result and reply code, for the attempt's log line: {@code bob@example.net delivered (250)}. */
    private static String attemptSummary(List<DeliveryOutcome.RecipientResult> results) {
        StringBuilder b = new StringBuilder();
        for (DeliveryOutcome.RecipientResult r : results) {
            b.append(b.isEmpty() ? "" : ", ").append(r.recipient()).append(' ')
                    .append(r.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" (").append(r.reply() == null ? "-" : String.valueOf(r.reply().code())).append(')');
        }
        return b.toString();
    }

    /** The log fields of a released message: its id (the queue id) and domain. */
    private static LogFields fields(ReleasedMail mail) {
        return LogFields.message(mail.messageId(), mail.domain().value());
    }

    private static LifecycleEvent recipientEvent(ReleasedMail mail, String recipient, RecipientOutcome o,
                                                 String remoteHost, Instant at) {
        LifecycleEvent.Type type = o instanceof RecipientOutcome.Delivered ? LifecycleEvent.Type.DELIVERED
                : o instanceof RecipientOutcome.Transient ? LifecycleEvent.Type.DEFERRED : LifecycleEvent.Type.FAILED;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("recipient", recipient);
        details.put("reply", LocalReplies.brief(o.reply()));
        if (remoteHost != null) {
            details.put("remoteHost", remoteHost);
        }
        details.put("releaseId", mail.releaseId());
        details.put("attempt", mail.attempt());
        if (mail.dsn()) {
            details.put("dsn", true);
        }
        return new LifecycleEvent(type, mail.domain(), mail.messageId(), SERVICE, at, details);
    }

    private static String summary(List<RecipientOutcome> outcomes, JobResult result) {
        if (outcomes.stream().allMatch(o -> o instanceof RecipientOutcome.Delivered)) {
            return "delivered";
        }
        if (result instanceof JobResult.Failed) {
            return "not-sent";
        }
        if (outcomes.stream().allMatch(o -> o instanceof RecipientOutcome.Permanent)) {
            return "failed";
        }
        if (outcomes.stream().allMatch(o -> o instanceof RecipientOutcome.Transient)) {
            return "deferred";
        }
        return "mixed";
    }

    private static DeliveryOutcome.Status status(RecipientOutcome o) {
        if (o instanceof RecipientOutcome.Delivered) {
            return DeliveryOutcome.Status.DELIVERED;
        }
        return o instanceof RecipientOutcome.Permanent ? DeliveryOutcome.Status.PERMANENT
                : DeliveryOutcome.Status.TRANSIENT;
    }

    private static final java.util.regex.Pattern CANONICAL_ENHANCED =
            java.util.regex.Pattern.compile("[245]\\.(?:0|[1-9][0-9]{0,2})\\.(?:0|[1-9][0-9]{0,2})");

    private static DeliveryOutcome.SmtpReplyInfo info(Reply r) {
        // a peer may write "5.01.1": keep only the canonical form the contract allows
        String enhanced = r.enhancedCode() != null && CANONICAL_ENHANCED.matcher(r.enhancedCode()).matches()
                ? r.enhancedCode() : null;
        return new DeliveryOutcome.SmtpReplyInfo(r.code(), enhanced, r.text());
    }

    // ---- envelope to SMTP ------------------------------------------------------------------

    private TlsMode tlsMode(DomainName domain) {
        OutboundTls tls;
        try {
            tls = tlsPolicy.apply(domain);
        } catch (RuntimeException e) {
            tls = null;
        }
        if (tls == null) {
            return TlsMode.OPPORTUNISTIC;
        }
        return switch (tls) {
            case NONE -> TlsMode.OFF;
            case OPPORTUNISTIC -> TlsMode.OPPORTUNISTIC;
            case ENCRYPTED -> TlsMode.ENCRYPTED;
            case REQUIRED -> TlsMode.REQUIRED;
        };
    }

    /** The SMTP form of a released message: envelope parameters mapped, content as is. */
    static OutboundMessage toOutbound(ReleasedMail mail) {
        Envelope e = mail.envelope();
        List<OutboundRecipient> recipients = new ArrayList<>();
        for (Envelope.Recipient r : e.recipients()) {
            Set<Notify> notify = EnumSet.noneOf(Notify.class);
            for (Envelope.Notify n : r.notifyOn()) {
                notify.add(Notify.valueOf(n.name()));
            }
            recipients.add(new OutboundRecipient(r.address(), notify, orcpt(r.orcpt())));
        }
        BodyType body = e.body() == Envelope.Body.EIGHT_BIT_MIME ? BodyType.EIGHT_BIT_MIME : BodyType.SEVEN_BIT;
        Ret ret = e.ret() == null ? null : Ret.valueOf(e.ret().name());
        return new OutboundMessage(e.reversePath(), recipients, mail.content(), body, ret, e.envid());
    }

    /** {@code addr-type;address} (decoded) to an ORCPT; no type means rfc822. */
    private static Orcpt orcpt(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int semi = value.indexOf(';');
        if (semi <= 0) {
            return Orcpt.rfc822(value);
        }
        return new Orcpt(value.substring(0, semi), value.substring(semi + 1));
    }
}
