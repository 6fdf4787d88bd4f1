package io.dequeue.edge.odmr;

import io.dequeue.edge.config.EdgeConfig;
import io.dequeue.edge.dequeue.DequeueAudit;
import io.dequeue.edge.dequeue.RequestSender;
import io.dequeue.edge.kafka.ReplyChannel;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.AtrnSessionEnd;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.ContractRecords;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Asks queue-service for the domains of one ATRN: one {@code atrn} request per domain naming this
 * edge's reply partition, a bounded wait for all answers, and the decision. Whatever was granted
 * to an ATRN that does not turn around is given back at once with {@code atrn-end}.
 */
@ApplicationScoped
public class AtrnRequester {
    private static final Logger LOG = Logger.getLogger(AtrnRequester.class);

    @Inject
    ReplyChannel replies;

    @Inject
    RequestSender sender;

    @Inject
    EdgeConfig edgeConfig;

    @Inject
    DequeueAudit audit;

    /** The result of asking: the reply and, when it is 250, the session to run. */
    record Asked(AtrnDecision decision, AtrnSession session) {
    }

    Future<Asked> ask(String odmrSessionId, DomainName login, String clientAddress, List<DomainName> domains) {
        String sessionId = UUID.randomUUID().toString();
        AtrnInbox inbox = new AtrnInbox(bytes -> replies.released(sessionId, bytes), offset -> replies.reread(sessionId, offset),
                readAheadBytes(edgeConfig.atrnSessionBufferBytes()));
        // Registered before any request goes out: the grant and its messages follow each other closely.
        replies.openSession(sessionId, inbox);
        Instant now = Instant.now();
        List<CompletableFuture<AtrnOutcome>> outcomes = new ArrayList<>(domains.size());
        for (DomainName d : domains) {
            String requestId = UUID.randomUUID().toString();
            CompletableFuture<EdgeReply> answer = replies.expect(requestId, edgeConfig.atrnReplyWait());
            AtrnRequest req = new AtrnRequest(requestId, d, sessionId, login.value(), clientAddress, replies.partition(), now);
            outcomes.add(sender.send(ContractRecords.request(req, sender.source()))
                    .handle((md, e) -> e)
                    .thenCompose(e -> {
                        if (e != null) {
                            answer.cancel(false);
                            LOG.warnf("ODMR session %s: ATRN request for %s not stored: %s", odmrSessionId, d, e.toString());
                            return CompletableFuture.completedFuture((AtrnOutcome) new AtrnOutcome.NotSent(d));
                        }
                        return answer.handle((reply, err) -> outcome(d, reply));
                    }));
        }
        CompletableFuture<Asked> asked = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<AtrnOutcome> list = outcomes.stream().map(CompletableFuture::join).toList();
            AtrnDecision decision = AtrnDecision.of(list);
            AtrnSession session = new AtrnSession(sessionId, login, clientAddress, decision.grants(), inbox, this::end);
            for (AtrnOutcome o : list) {
                Map<String, Object> details = details(odmrSessionId, session);
                details.put("result", o.wireName());
                if (o instanceof AtrnOutcome.Granted g) {
                    details.put("releaseId", g.grant().releaseId());
                    details.put("messages", g.grant().messages());
                }
                audit.publish(LifecycleEvent.Type.ATRN, o.domain(), null, details);
            }
            if (!decision.reverses()) {
                session.end();
                // A grant that comes after the wait would otherwise hold the domain until its lease runs out.
                list.stream().filter(o -> o instanceof AtrnOutcome.NoAnswer)
                        .forEach(o -> sendEnd(sessionId, o.domain(), null));
            }
            LOG.infof("ODMR session %s: ATRN by %s from %s for %s: %d (%d messages announced)", odmrSessionId, login,
                    clientAddress, domains, decision.reply().code(), session.announcedMessages());
            return new Asked(decision, session);
        });
        return Future.fromCompletionStage(asked);
    }

    /** The window of references read again ahead of a session: an eighth of its share of memory. */
    static long readAheadBytes(long sessionBufferBytes) {
        return Math.max(1, sessionBufferBytes / 8);
    }

    private static AtrnOutcome outcome(DomainName d, EdgeReply reply) {
        if (!(reply instanceof AtrnAnswer a)) {
            return new AtrnOutcome.NoAnswer(d);
        }
        return switch (a.outcome()) {
            case GRANTED -> a.releaseId() == null ? new AtrnOutcome.Refused(d) : new AtrnOutcome.Granted(AtrnGrant.of(a));
            case BUSY -> new AtrnOutcome.Busy(d);
            case NO_MAIL -> new AtrnOutcome.NoMail(d);
            case REFUSED -> new AtrnOutcome.Refused(d);
        };
    }

    /** Gives every grant of the session back and stops its messages. */
    private void end(AtrnSession session) {
        replies.closeSession(session.sessionId());
        session.inbox().close();
        for (AtrnGrant g : session.grants()) {
            sendEnd(session.sessionId(), g.domain(), g.releaseId());
        }
    }

    private void sendEnd(String sessionId, DomainName domain, String releaseId) {
        AtrnSessionEnd end = new AtrnSessionEnd(UUID.randomUUID().toString(), domain, sessionId, releaseId, Instant.now());
        sender.send(ContractRecords.request(end, sender.source())).whenComplete((md, e) -> {
            if (e != null) {
                // The lease returns the mail to HELD anyway; this only frees it sooner.
                LOG.warnf("ATRN session %s: atrn-end for %s not stored: %s", sessionId, domain, e.toString());
            }
        });
    }

    static Map<String, Object> details(String odmrSessionId, AtrnSession session) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("login", session.login().value());
        details.put("clientAddress", session.clientAddress());
        details.put("sessionId", session.sessionId());
        details.put("odmrSession", odmrSessionId);
        return details;
    }
}
