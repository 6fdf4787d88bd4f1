package io.dequeue.edge.dequeue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** ETRN settings of the edge (prefix {@code dequeue.edge.etrn}); the wait for queue-service is {@code dequeue.edge.etrn-reply-wait}. */
@ConfigMapping(prefix = "dequeue.edge.etrn")
public interface EtrnConfig {
    /**
     * ETRN commands one SMTP session may make; the ones after that get {@code 458} (the session
     * stays open, and nothing reaches Kafka).
     */
    @WithDefault("8")
    int maxPerSession();

    /**
     * Most gateway domains one {@code ETRN @domain} may expand to (after the access checks); above
     * it the request is refused with {@code 459}, so one command cannot fan out without bound.
     */
    @WithDefault("64")
    int maxSubtreeNodes();
}
