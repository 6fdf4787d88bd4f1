package io.dequeue.delivery.transport.pool;

import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.smtp.client.TlsMode;

import java.util.Objects;

/** What connections are shared by: the release target and the TLS policy they were opened with. */
public record PoolKey(ReleaseTarget target, TlsMode tls) {

    public PoolKey {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tls, "tls");
    }

    @Override
    public String toString() {
        return target.poolKey() + "/" + tls;
    }
}
