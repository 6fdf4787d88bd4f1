package io.dequeue.edge.dequeue;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.ContractRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;

/**
 * Writes the edge's {@code mail.lifecycle} audit events for ETRN and ATRN (best effort: an audit
 * event that cannot be written is logged, never fails the session).
 */
@ApplicationScoped
public class DequeueAudit {
    private static final Logger LOG = Logger.getLogger(DequeueAudit.class);
    static final String SERVICE = "smtp-edge";

    @Inject
    RequestSender sender;

    /** An event about a domain; {@code details} holds flat, camelCase, non-secret facts. */
    public void publish(LifecycleEvent.Type type, DomainName domain, String messageId, Map<String, Object> details) {
        try {
            LifecycleEvent event = new LifecycleEvent(type, domain, messageId, SERVICE, Instant.now(), details);
            sender.send(ContractRecords.lifecycle(event, sender.source())).whenComplete((md, e) -> {
                if (e != null) {
                    LOG.warnf("could not write the %s lifecycle event of %s: %s", type.wireName(), domain, e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not build the %s lifecycle event of %s: %s", type.wireName(), domain, e.toString());
        }
    }
}
