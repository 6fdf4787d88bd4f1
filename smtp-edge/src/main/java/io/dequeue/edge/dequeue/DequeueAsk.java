package io.dequeue.edge.dequeue;

import io.dequeue.model.DomainName;
import io.dequeue.model.settings.GatewayRecord;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One domain asked for by one client, as the access checks see it.
 *
 * @param domain the domain asked for
 * @param gateway its gateway, if it is one
 * @param client the client's real address (PROXY-protocol aware)
 * @param login the login the session authenticated as, or null
 * @param requestsInSession how many requests of this kind the session has made, this one included
 */
public record DequeueAsk(DomainName domain, Optional<GatewayRecord> gateway, InetAddress client, DomainName login,
                         int requestsInSession) {
    public DequeueAsk {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(client, "client");
    }

    public boolean authenticated() {
        return login != null;
    }

    /** Whether the session's login may dequeue this gateway (its own login, or one it authorises). */
    public boolean loginAuthorised() {
        return login != null && gateway.map(g -> g.settings().mayBeDequeuedBy(login)).orElse(false);
    }
}
