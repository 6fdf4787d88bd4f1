package io.dequeue.edge.odmr;

import io.dequeue.edge.dequeue.DequeueAudit;
import io.dequeue.edge.dequeue.RequestSender;
import io.dequeue.edge.net.ReplayingTransport;
import io.dequeue.edge.smtp.EdgeHostname;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.smtp.client.ClientConfig;
import io.dequeue.smtp.client.ClientTimeouts;
import io.dequeue.smtp.server.NetSocketTransport;
import io.dequeue.smtp.server.SessionInfo;
import io.dequeue.smtp.server.SessionTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;

/** Starts the reversed sessions and reports what they do: outcomes, audit events, metrics. */
@ApplicationScoped
public class ReversedSessions implements ReversedSession.Sink {
    private static final Logger LOG = Logger.getLogger(ReversedSessions.class);

    @Inject
    Vertx vertx;

    @Inject
    OdmrConfig config;

    @Inject
    RequestSender sender;

    @Inject
    DequeueAudit audit;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "dequeue.edge.smtp.hostname")
    Optional<String> smtpHostname;

    void start(SessionInfo session, SessionTransport transport, AtrnSession atrn, Runnable connectionDone) {
        SessionTransport t = transport instanceof ReplayingTransport r ? r.delegate() : transport;
        if (!(t instanceof NetSocketTransport nst)) {
            LOG.warnf("ODMR session %s: cannot reverse a %s", session.id(), t.getClass().getSimpleName());
            atrn.end();
            transport.close();
            connectionDone.run();
            return;
        }
        registry.counter("dequeue.edge.atrn.sessions", "result", "reversed").increment();
        for (AtrnGrant g : atrn.grants()) {
            Map<String, Object> details = AtrnRequester.details(session.id(), atrn);
            details.put("result", "reversing");
            details.put("releaseId", g.releaseId());
            details.put("messages", g.messages());
            details.put("tls", session.isTls());
            audit.publish(LifecycleEvent.Type.ATRN, g.domain(), null, details);
        }
        new ReversedSession(vertx, nst.socket(), transport, session.id(), atrn, clientConfig(session),
                config.client().messageWait(), this, connectionDone).start();
    }

    ClientConfig clientConfig(SessionInfo session) {
        OdmrConfig.Client c = config.client();
        String helo = c.heloName().orElseGet(() -> EdgeHostname.resolve(config.hostname().or(() -> smtpHostname)));
        return ClientConfig.reversed(helo)
                .withPipelining(c.pipelining())
                .withTimeouts(new ClientTimeouts(c.greetingTimeout(), c.commandTimeout(), c.mailTimeout(), c.rcptTimeout(),
                        c.dataInitTimeout(), c.dataBlockTimeout(), c.dataEndTimeout()));
    }

    @Override
    public void outcome(DeliveryOutcome outcome, AtrnSession atrn) {
        sender.send(ContractRecords.outcome(outcome, sender.source())).whenComplete((md, e) -> {
            if (e != null) {
                // The lease returns the message to HELD: it may be delivered twice, never lost.
                LOG.warnf("ATRN session %s: outcome of %s not stored: %s", atrn.sessionId(), outcome.messageId(), e.toString());
            }
        });
        for (DeliveryOutcome.RecipientResult r : outcome.results()) {
            registry.counter("dequeue.edge.atrn.recipients", "status", r.status().name().toLowerCase()).increment();
            LifecycleEvent.Type type = switch (r.status()) {
                case DELIVERED -> LifecycleEvent.Type.DELIVERED;
                case TRANSIENT -> LifecycleEvent.Type.DEFERRED;
                case PERMANENT -> LifecycleEvent.Type.FAILED;
            };
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("recipient", r.recipient());
            if (r.reply() != null) {
                details.put("reply", r.reply().code() + (r.reply().enhanced() == null ? "" : " " + r.reply().enhanced())
                        + " " + r.reply().text());
            }
            details.put("remoteHost", atrn.clientAddress());
            details.put("login", atrn.login().value());
            details.put("sessionId", atrn.sessionId());
            details.put("releaseId", outcome.releaseId());
            audit.publish(type, outcome.domain(), outcome.messageId(), details);
        }
    }

    @Override
    public void ended(AtrnSession atrn, Map<AtrnGrant, int[]> counts, ReversedSession.End end) {
        registry.counter("dequeue.edge.atrn.sessions", "result", end.wireName).increment();
        int messages = 0;
        int delivered = 0;
        for (AtrnGrant g : atrn.grants()) {
            int[] c = counts.get(g);
            messages += c[0];
            delivered += c[1];
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("login", atrn.login().value());
            details.put("clientAddress", atrn.clientAddress());
            details.put("sessionId", atrn.sessionId());
            details.put("releaseId", g.releaseId());
            details.put("result", "ended");
            details.put("end", end.wireName);
            details.put("announced", g.messages());
            details.put("messages", c[0]);
            details.put("delivered", c[1]);
            details.put("deferred", c[2]);
            details.put("failed", c[3]);
            audit.publish(LifecycleEvent.Type.ATRN, g.domain(), null, details);
        }
        LOG.infof("ATRN session %s of %s from %s ended (%s): %d of %d messages attempted, %d recipients delivered",
                atrn.sessionId(), atrn.login(), atrn.clientAddress(), end.wireName, messages, atrn.announcedMessages(),
                delivered);
    }
}
