package io.dequeue.delivery.transport.pool;

import java.util.concurrent.CompletionStage;

/** Opens ready connections to a target. */
@FunctionalInterface
public interface Connector {

    /**
     * A connection to one of the target's hosts. Fails with an {@code SmtpClientException} whose
     * reply says why (5xx: no delivery is possible, e.g. NXDOMAIN or null MX; 4xx: try later).
     */
    CompletionStage<PooledConnection> open(PoolKey key);
}
