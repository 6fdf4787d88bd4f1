package io.dequeue.edge.net;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** Who may send a PROXY protocol header to any of the edge's listeners (prefix {@code dequeue.edge.proxy}). */
@ConfigMapping(prefix = "dequeue.edge.proxy")
public interface ProxyConfig {
    /**
     * The load balancers' networks, comma-separated CIDRs (env {@code DEQUEUE_PROXY_TRUSTED_CIDRS});
     * required by every listener with the PROXY protocol on.
     */
    Optional<List<String>> trustedCidrs();

    /** The parsed networks. */
    default TrustedProxies trusted() {
        return trustedCidrs().map(TrustedProxies::parse).orElse(TrustedProxies.none());
    }
}
