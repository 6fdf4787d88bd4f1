package io.dequeue.edge.dequeue;

import io.dequeue.edge.config.EdgeConfig;
import io.dequeue.edge.kafka.ReplyChannel;
import io.dequeue.model.DomainName;
import io.dequeue.model.InvalidDomainNameException;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.smtp.address.Domains;
import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.server.SessionInfo;
import io.dequeue.smtp.wire.Escapes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.vertx.core.Future;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * ETRN against the gateway directory and queue-service: the access checks in the order of the ETRN
 * rules, one {@code etrn} request per domain ({@code @domain} expanded to the gateways under it),
 * and the reply from queue-service's answers, or {@code 250} when they do not come in time (the
 * request is stored, so queuing has started). The session never receives the mail: delivery goes
 * out on new connections.
 */
@ApplicationScoped
@Unremovable // looked up by the SMTP listener's policy, possibly programmatically
public class GatewayEtrnHandler implements EtrnHandler {
    private static final Logger LOG = Logger.getLogger(GatewayEtrnHandler.class);

    @Inject
    GatewayDirectory directory;

    @Inject
    ReplyChannel replies;

    @Inject
    RequestSender sender;

    @Inject
    EdgeConfig edgeConfig;

    @Inject
    EtrnConfig etrnConfig;

    @Inject
    DequeueAudit audit;

    @Inject
    MeterRegistry registry;

    private DequeuePolicy policy;
    private volatile boolean offerStale = true;
    private volatile boolean offer;

    @PostConstruct
    void init() {
        policy = DequeuePolicy.etrn(etrnConfig.maxPerSession());
        directory.addListener(change -> offerStale = true);
    }

    @Override
    public boolean offered() {
        if (offerStale) {
            offerStale = false;
            offer = directory.anyEtrnEnabled();
        }
        return offer;
    }

    @Override
    public Future<Reply> etrn(SessionInfo session, Command.Etrn etrn) {
        try {
            return decide(session, etrn);
        } catch (RuntimeException e) {
            LOG.warnf(e, "session %s: ETRN failed", session.id());
            return Future.succeededFuture(Replies.LOCAL_ERROR);
        }
    }

    private Future<Reply> decide(SessionInfo session, Command.Etrn etrn) {
        if (session.heloDomain() == null || session.envelope() != null) {
            return Future.succeededFuture(Replies.ETRN_BAD_SEQUENCE);
        }
        if (!(etrn.argument() instanceof Command.Node) && !(etrn.argument() instanceof Command.Subtree)) {
            return Future.succeededFuture(Replies.ETRN_NAMED_QUEUE);
        }
        boolean subtree = etrn.argument() instanceof Command.Subtree;
        String raw = subtree ? ((Command.Subtree) etrn.argument()).domain() : ((Command.Node) etrn.argument()).domain();
        if (Domains.isAddressLiteral(raw)) {
            // A node named by an address literal is never a gateway domain.
            return Future.succeededFuture(finish(session, raw, EtrnReplies.refusal(raw, Denial.UNKNOWN_DOMAIN)));
        }
        DomainName asked;
        try {
            asked = DomainName.parse(raw);
        } catch (InvalidDomainNameException e) {
            return Future.succeededFuture(finish(session, raw, Replies.ETRN_BAD_ARGUMENT));
        }
        String node = subtree ? "@" + asked.value() : asked.value();
        InetAddress client = ClientAddress.inet(session.remoteAddress());
        DomainName login = loginOf(session);
        int count = session.etrnCount();

        if (!subtree) {
            DequeueAsk ask = new DequeueAsk(asked, directory.find(asked), client, login, count);
            if (policy.evaluate(ask) instanceof CheckResult.Deny deny) {
                auditDenied(session, ask, deny.reason());
                return Future.succeededFuture(finish(session, node, EtrnReplies.refusal(node, deny.reason())));
            }
            return request(session, node, List.of(asked), login);
        }

        List<DomainName> allowed = new ArrayList<>();
        boolean throttled = false;
        for (DomainName d : directory.domainsWithin(asked)) {
            DequeueAsk ask = new DequeueAsk(d, directory.find(d), client, login, count);
            if (policy.evaluate(ask) instanceof CheckResult.Deny deny) {
                // Not audited one by one: one command must not fan out into events for a whole tree.
                throttled |= deny.reason() == Denial.THROTTLED;
            } else {
                allowed.add(d);
            }
        }
        if (throttled) {
            return Future.succeededFuture(finish(session, node, EtrnReplies.refusal(node, Denial.THROTTLED)));
        }
        if (allowed.isEmpty()) {
            return Future.succeededFuture(finish(session, node, EtrnReplies.nothingUnder(node)));
        }
        if (allowed.size() > etrnConfig.maxSubtreeNodes()) {
            return Future.succeededFuture(finish(session, node, EtrnReplies.tooManyUnder(node)));
        }
        return request(session, node, allowed, login);
    }

    /** Stores one request per domain, then waits (bounded) for queue-service's answers. */
    private Future<Reply> request(SessionInfo session, String node, List<DomainName> domains, DomainName login) {
        String requester = ClientAddress.text(session.remoteAddress());
        Instant now = Instant.now();
        List<CompletableFuture<EtrnResult>> results = new ArrayList<>(domains.size());
        for (DomainName d : domains) {
            String requestId = UUID.randomUUID().toString();
            CompletableFuture<EdgeReply> answer = replies.expect(requestId, edgeConfig.etrnReplyWait());
            EtrnRequest req = new EtrnRequest(requestId, d, requester, session.id(), replies.partition(),
                    login == null ? null : login.value(), now);
            CompletableFuture<EtrnResult> result = sender.send(ContractRecords.request(req, sender.source()))
                    .handle((md, e) -> e)
                    .thenCompose(e -> {
                        if (e != null) {
                            answer.cancel(false);
                            LOG.warnf("session %s: ETRN request for %s not stored: %s", session.id(), d, e.toString());
                            return CompletableFuture.completedFuture((EtrnResult) new EtrnResult.NotSent());
                        }
                        return answer.handle((reply, err) -> reply instanceof EtrnAnswer a ? EtrnResult.of(a)
                                : (EtrnResult) new EtrnResult.NoAnswer());
                    });
            result.thenAccept(r -> auditResult(session, d, requester, login, r));
            results.add(result);
        }
        CompletableFuture<List<EtrnResult>> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
        return Future.fromCompletionStage(all).map(list -> finish(session, node, EtrnReplies.answer(node, list)));
    }

    private Reply finish(SessionInfo session, String node, Reply reply) {
        registry.counter("dequeue.edge.etrn", "code", Integer.toString(reply.code())).increment();
        LOG.infof("session %s: ETRN %s from %s: %d", session.id(), printable(node),
                ClientAddress.text(session.remoteAddress()), reply.code());
        return reply;
    }

    private void auditDenied(SessionInfo session, DequeueAsk ask, Denial reason) {
        if (ask.gateway().isEmpty()) {
            return; // no audit trail keyed by names that are not ours
        }
        Map<String, Object> details = details(session, ClientAddress.text(session.remoteAddress()), ask.login());
        details.put("result", "denied");
        details.put("reason", reason.wireName());
        audit.publish(LifecycleEvent.Type.ETRN, ask.domain(), null, details);
    }

    private void auditResult(SessionInfo session, DomainName domain, String requester, DomainName login, EtrnResult r) {
        Map<String, Object> details = details(session, requester, login);
        details.put("result", r.wireName());
        if (r instanceof EtrnResult.Released x) {
            details.put("released", x.count());
        } else if (r instanceof EtrnResult.InFlight x) {
            details.put("inFlight", x.count());
        }
        audit.publish(LifecycleEvent.Type.ETRN, domain, null, details);
    }

    private static Map<String, Object> details(SessionInfo session, String requester, DomainName login) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("requesterAddress", requester);
        if (login != null) {
            details.put("login", login.value());
        }
        details.put("sessionId", session.id());
        return details;
    }

    private static DomainName loginOf(SessionInfo session) {
        String identity = session.authenticatedIdentity();
        return identity != null && DomainName.isValid(identity) ? DomainName.parse(identity) : null;
    }

    /** The argument as it may appear in a log: escaped, bounded. */
    static String printable(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return Escapes.escape(b, 0, Math.min(b.length, 300));
    }
}
