package io.dequeue.edge.policy;

import io.dequeue.model.DomainName;
import io.dequeue.model.settings.GatewaySettings;

import java.util.Optional;

/** The configured gateway of a domain (the edge's view of {@code gateway.config}). */
@FunctionalInterface
public interface GatewayLookup {
    Optional<GatewaySettings> find(DomainName domain);
}
