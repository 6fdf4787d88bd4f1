package io.dequeue.edge.odmr;

import io.dequeue.edge.kafka.AtrnMessage;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.smtp.client.ClientConfig;
import io.dequeue.smtp.client.MessageResult;
import io.dequeue.smtp.client.RecipientOutcome;
import io.dequeue.smtp.client.RecipientResult;
import io.dequeue.smtp.client.SmtpClientException;
import io.dequeue.smtp.client.SmtpClientSession;
import io.dequeue.smtp.server.SessionTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge as the SMTP client on the customer's own socket after {@code 250 OK now reversing the
 * connection}: waits for the customer's 220 (sending nothing before it), EHLO, then delivers the
 * released messages one by one as they arrive from the reply partition, only to recipients of the
 * granted domains, until every grant's announced count is done; then QUIT, 221, close. Every
 * message attempted gives one {@code delivery.outcomes} record; at the end every grant is given
 * back ({@code atrn-end}), which returns whatever was not settled to HELD.
 *
 * <p>Runs on the socket's context; released messages hop there from the reply reader.
 */
final class ReversedSession {
    private static final Logger LOG = Logger.getLogger(ReversedSession.class);

    /** Why the session ended, for logs and the audit trail. */
    enum End {
        COMPLETED("completed"),
        NO_GREETING("no-greeting"),
        CONNECTION_LOST("connection-lost"),
        MESSAGES_LATE("messages-late");

        final String wireName;

        End(String wireName) {
            this.wireName = wireName;
        }
    }

    /** What the session reports as it goes. */
    interface Sink {
        void outcome(DeliveryOutcome outcome, AtrnSession atrn);

        void ended(AtrnSession atrn, Map<AtrnGrant, int[]> counts, End end);
    }

    private final Vertx vertx;
    private final NetSocket socket;
    private final SessionTransport transport;
    private final String odmrSessionId;
    private final AtrnSession atrn;
    private final ClientConfig clientConfig;
    private final Duration messageWait;
    private final Sink sink;
    private final Runnable connectionDone;
    /** Per grant: messages done, recipients delivered, deferred, failed. */
    private final Map<AtrnGrant, int[]> counts = new HashMap<>();
    private SmtpClientSession client;
    private boolean sending;
    private boolean pumping;
    private boolean pumpAgain;
    private boolean finished;
    private long waitTimer = -1;

    ReversedSession(Vertx vertx, NetSocket socket, SessionTransport transport, String odmrSessionId, AtrnSession atrn,
                    ClientConfig clientConfig, Duration messageWait, Sink sink, Runnable connectionDone) {
        this.vertx = vertx;
        this.socket = socket;
        this.transport = transport;
        this.odmrSessionId = odmrSessionId;
        this.atrn = atrn;
        this.clientConfig = clientConfig;
        this.messageWait = messageWait;
        this.sink = sink;
        this.connectionDone = connectionDone;
        atrn.grants().forEach(g -> counts.put(g, new int[4]));
    }

    void start() {
        atrn.inbox().onArrival(() -> transport.runOnContext(this::pump));
        SmtpClientSession.reversed(vertx, socket, clientConfig).onComplete(ar -> transport.runOnContext(() -> {
            if (ar.failed()) {
                LOG.infof("ODMR session %s: customer %s did not take the turn: %s", odmrSessionId, atrn.clientAddress(),
                        reason(ar.cause()));
                finish(End.NO_GREETING, false);
                return;
            }
            client = ar.result();
            LOG.debugf("ODMR session %s: customer greeted: %s", odmrSessionId, client.greeting());
            pump();
        }));
    }

    /**
     * Sends the next message, or ends the session when every announced message is done. Safe to
     * call from inside itself (a callback that runs at once): the inner call only asks the outer
     * one to look again.
     */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                pumpOnce();
            } while (pumpAgain);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() {
        if (finished || sending || client == null) {
            return;
        }
        if (allDone()) {
            finish(End.COMPLETED, true);
            return;
        }
        AtrnMessage m = atrn.inbox().poll();
        if (m == null) {
            if (waitTimer < 0) {
                waitTimer = transport.setTimer(messageWait.toMillis(), () -> {
                    waitTimer = -1;
                    if (!finished && !sending) {
                        LOG.warnf("ODMR session %s: no released message for %d s; ending the session", odmrSessionId,
                                messageWait.toSeconds());
                        finish(End.MESSAGES_LATE, true);
                    }
                });
            }
            return;
        }
        cancelWait();
        AtrnGrant grant = atrn.grantOf(m.releaseId());
        if (grant == null || !grant.domain().equals(m.domain()) || counts.get(grant)[0] >= grant.messages()) {
            // stale, foreign, or more than announced: not ours to send
            atrn.inbox().done(m);
            pump();
            return;
        }
        counts.get(grant)[0]++;
        List<Envelope.Recipient> recipients = AtrnMessages.granted(m.envelope(), grant.domain());
        if (recipients.isEmpty()) {
            atrn.inbox().done(m);
            pump();
            return;
        }
        sending = true;
        client.send(AtrnMessages.outbound(m.envelope(), recipients, m.message()))
                .onComplete(ar -> transport.runOnContext(() -> sent(grant, m, ar.succeeded() ? ar.result() : null, ar.cause())));
    }

    private void sent(AtrnGrant grant, AtrnMessage m, MessageResult result, Throwable failure) {
        sending = false;
        atrn.inbox().done(m);
        if (result != null) {
            int[] c = counts.get(grant);
            for (RecipientResult r : result.results()) {
                c[r.outcome() instanceof RecipientOutcome.Delivered ? 1 : r.outcome() instanceof RecipientOutcome.Permanent ? 3 : 2]++;
            }
            sink.outcome(AtrnMessages.outcome(grant, m.envelope(), result, "smtp-edge:" + odmrSessionId,
                    atrn.clientAddress()), atrn);
        } else {
            // Nothing of this message reached the customer: it stays held, without an outcome.
            LOG.infof("ODMR session %s: message %s not sent: %s", odmrSessionId, m.envelope().messageId(), reason(failure));
        }
        if (client.isUsable()) {
            pump();
        } else {
            finish(End.CONNECTION_LOST, false);
        }
    }

    private boolean allDone() {
        return atrn.grants().stream().allMatch(g -> counts.get(g)[0] >= g.messages());
    }

    private void finish(End end, boolean quit) {
        if (finished) {
            return;
        }
        finished = true;
        cancelWait();
        Future<Void> closing = quit && client != null && client.isUsable() ? client.quit() : Future.succeededFuture();
        closing.onComplete(ar -> transport.runOnContext(() -> {
            if (ar.failed()) {
                LOG.debugf("ODMR session %s: QUIT: %s", odmrSessionId, reason(ar.cause()));
            }
            if (client != null) {
                client.close();
            } else {
                socket.close();
            }
            atrn.end();
            sink.ended(atrn, counts, end);
            connectionDone.run();
        }));
    }

    private void cancelWait() {
        if (waitTimer >= 0) {
            transport.cancelTimer(waitTimer);
            waitTimer = -1;
        }
    }

    private static String reason(Throwable t) {
        if (t instanceof SmtpClientException e) {
            return e.reply().toString();
        }
        return t == null ? "unknown" : t.toString();
    }
}
