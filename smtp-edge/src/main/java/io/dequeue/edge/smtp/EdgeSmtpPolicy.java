package io.dequeue.edge.smtp;

import io.dequeue.edge.dequeue.EtrnHandler;
import io.dequeue.edge.policy.RecipientRequest;
import io.dequeue.edge.policy.SizeWithinLimit;
import io.dequeue.edge.policy.Verdict;
import io.dequeue.model.Envelope;
import io.dequeue.model.log.LogFields;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.server.AuthOutcome;
import io.dequeue.smtp.server.MessageSink;
import io.dequeue.smtp.server.SessionInfo;
import io.dequeue.smtp.server.SessionPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The edge's decisions for one SMTP session: the RCPT rules of {@link io.dequeue.edge.policy},
 * DATA into one {@link MessageBuffer} behind the edge's {@code Received:} line, durable storage
 * before {@code 250}, AUTH and ETRN delegated. One instance per connection.
 */
public final class EdgeSmtpPolicy implements SessionPolicy {
    private static final Logger LOG = Logger.getLogger(EdgeSmtpPolicy.class);

    private final SmtpServices services;
    private final ListenerSettings settings;
    private final EtrnHandler etrn;
    private final Runnable onClose;
    private final String via;
    private final DataRateGuard dataRate;
    private boolean opened;

    /**
     * @param etrn    the ETRN handler, or null (ETRN then answers 502 5.5.1)
     * @param onClose run once when the session ends (releases the connection's permit)
     * @param via     the load balancer's address when the client came through the PROXY protocol, for logs; or null
     * @param dataRate the minimum data rate of message bodies, or null
     */
    EdgeSmtpPolicy(SmtpServices services, ListenerSettings settings, EtrnHandler etrn, Runnable onClose, String via,
                   DataRateGuard dataRate) {
        this.services = services;
        this.settings = settings;
        this.etrn = etrn;
        this.onClose = onClose;
        this.via = via;
        this.dataRate = dataRate;
    }

    @Override
    public Future<Reply> connect(SessionInfo session) {
        opened = true;
        services.metrics().sessionOpened();
        if (LOG.isDebugEnabled()) {
            LogFields.session(session.id()).log(() -> LOG.debugf("session %s: connect from %s%s", session.id(),
                    ClientIp.of(session.remoteAddress()), via == null ? "" : " via proxy " + via));
        }
        return Future.succeededFuture(Replies.greeting(session.config().hostname()));
    }

    @Override
    public Future<Reply> mailFrom(SessionInfo session, Command.Mail mail) {
        return Future.succeededFuture(Replies.SENDER_OK);
    }

    @Override
    public Future<Reply> rcptTo(SessionInfo session, Command.Rcpt rcpt) {
        io.dequeue.smtp.server.Envelope tx = session.envelope();
        Long declared = tx == null ? null : tx.mailParams().size();
        RecipientRequest request = RecipientRequest.of(rcpt.forwardPath(), services.gateways(), declared,
                gatewaysOf(tx), settings.maxMessageSize());
        Verdict v = services.recipients().evaluate(request);
        if (v instanceof Verdict.Refuse r) {
            services.metrics().recipientRefused(r.rule());
            if (LOG.isDebugEnabled()) {
                LogFields.of(session.id(), null, rcpt.forwardPath().lowerCaseDomain()).log(() -> LOG.debugf(
                        "session %s: RCPT refused (%s) from %s", session.id(), r.rule(), ClientIp.of(session.remoteAddress())));
            }
            return Future.succeededFuture(r.reply());
        }
        return Future.succeededFuture(Replies.RECIPIENT_OK);
    }

    /** The gateways of the recipients accepted so far. */
    private List<GatewaySettings> gatewaysOf(io.dequeue.smtp.server.Envelope tx) {
        List<GatewaySettings> out = new ArrayList<>();
        if (tx != null) {
            for (Command.Rcpt r : tx.recipients()) {
                RecipientRequest.gatewayKey(r.forwardPath()).flatMap(services.gateways()::find).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public Future<MessageSink> data(SessionInfo session, io.dequeue.smtp.server.Envelope tx) {
        long limit = SizeWithinLimit.smallestLimit(gatewaysOf(tx), settings.maxMessageSize());
        String queueId = QueueIds.next();
        Instant now = services.clock().instant();
        String single = tx.recipients().size() == 1 ? tx.recipients().get(0).forwardPath().address() : null;
        byte[] received = ReceivedHeader.build(session.heloDomain(), session.remoteAddress(), settings.hostname(),
                session.isExtended(), session.isTls(), session.authenticatedIdentity() != null, queueId, single,
                now.atZone(ZoneOffset.UTC));
        try {
            MessageBuffer buffer = MessageBuffer.open(received, tx.mailParams().size(), limit, services.budget(),
                    message -> store(session, tx, queueId, now, message, received.length));
            if (dataRate != null) {
                dataRate.start();
                buffer.onFinish(dataRate::stop);
            }
            return Future.succeededFuture(buffer);
        } catch (ReplyException e) {
            services.metrics().messageRefused();
            LogFields.of(session.id(), queueId, null).log(() -> LOG.warnf(
                    "session %s: DATA refused, message memory budget exhausted (%d of %d bytes in use)", session.id(),
                    services.budget().used(), services.budget().max()));
            return Future.failedFuture(e);
        }
    }

    /** Stores the message; the reply is 250 only once every record is acknowledged. */
    private Future<Reply> store(SessionInfo session, io.dequeue.smtp.server.Envelope tx, String queueId, Instant at, byte[] message,
                                int prefixLength) {
        int hops = HopCount.count(message, prefixLength, settings.maxReceivedHeaders());
        if (hops > settings.maxReceivedHeaders()) {
            services.metrics().messageRefused();
            LogFields.of(session.id(), queueId, null).log(() -> LOG.infof(
                    "session %s: %s from %s refused: more than %d Received: header fields (a mail loop)", session.id(),
                    queueId, ClientIp.of(session.remoteAddress()), settings.maxReceivedHeaders()));
            return Future.succeededFuture(Replies.TOO_MANY_HOPS);
        }
        Envelope envelope = EnvelopeMapper.toModel(queueId, tx, session, message.length, at);
        int size = message.length;
        String sessionId = session.id();
        LogFields fields = LogFields.of(sessionId, queueId, domainsOf(envelope));
        Promise<Reply> reply = Promise.promise();
        services.store().store(envelope, message).toCompletableFuture()
                .orTimeout(settings.storeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((records, e) -> {
                    if (e == null) {
                        services.metrics().stored(size);
                        fields.log(() -> LOG.infof(
                                "session %s: %s accepted from %s (helo %s%s%s) sender <%s>, %d recipient(s), %d bytes, %d record(s)",
                                sessionId, queueId, envelope.clientAddress(), envelope.clientHelo(),
                                envelope.tls() ? ", TLS" : "", envelope.authLogin() == null ? "" : ", auth " + envelope.authLogin(),
                                envelope.reversePath(), envelope.recipients().size(), size, records.size()));
                        reply.tryComplete(Replies.queued(queueId));
                    } else {
                        services.metrics().storeFailed();
                        fields.log(() -> LOG.warnf("session %s: %s from %s not stored: %s", sessionId, queueId,
                                envelope.clientAddress(), rootCause(e)));
                        reply.tryComplete(Replies.TEMPORARY_STORAGE_FAILURE);
                    }
                });
        return reply.future();
    }

    /** The recipients' domains (one, or several comma-separated), the log's domain field. */
    private static String domainsOf(Envelope envelope) {
        return envelope.recipients().stream().map(r -> r.address().substring(r.address().lastIndexOf('@') + 1))
                .distinct().collect(java.util.stream.Collectors.joining(","));
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public Future<AuthOutcome> authenticate(SessionInfo session, AuthAttempt attempt) {
        return services.auth().authenticate(session, attempt);
    }

    @Override
    public Future<Reply> etrn(SessionInfo session, Command.Etrn command) {
        return etrn == null ? Future.succeededFuture(Replies.ETRN_DISABLED) : etrn.etrn(session, command);
    }

    @Override
    public void replied(SessionInfo session, String verb, Reply reply) {
        services.metrics().replied(verb, reply);
    }

    @Override
    public void closed(SessionInfo session) {
        if (dataRate != null) {
            dataRate.stop();
        }
        if (opened) {
            services.metrics().sessionClosed();
        }
        onClose.run();
        if (LOG.isDebugEnabled()) {
            LogFields.session(session.id()).log(() -> LOG.debugf("session %s: closed (%s)", session.id(),
                    ClientIp.of(session.remoteAddress())));
        }
    }
}
