package io.dequeue.edge.net;

import io.dequeue.model.Cidr;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * The load balancers whose PROXY protocol header is believed: the header names the client every
 * per-address rule then applies to (connection caps, the AUTH throttle, allow/deny lists, the ETRN
 * requester), so it is read only from a peer in one of these networks. Any other peer of a listener
 * that expects the header gets {@code 421 4.7.0} before a byte of it is read. A listener with the
 * PROXY protocol on and no trusted network does not start.
 */
public final class TrustedProxies {
    /** The setting, for messages. */
    public static final String SETTING = "dequeue.edge.proxy.trusted-cidrs (env DEQUEUE_PROXY_TRUSTED_CIDRS)";

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Cidr> networks;

    private TrustedProxies(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
    }

    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses a list of CIDRs (a bare address is one host).
     *
     * @throws IllegalArgumentException naming the setting and the bad entry
     */
    public static TrustedProxies parse(List<String> values) {
        List<Cidr> out = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            try {
                out.add(Cidr.parse(v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SETTING + ": " + e.getMessage(), e);
            }
        }
        return new TrustedProxies(out);
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    public List<Cidr> networks() {
        return networks;
    }

    /** Whether {@code peer} (the TCP peer, never an address from a header) is a trusted load balancer. */
    public boolean trusts(SocketAddress peer) {
        if (peer == null || peer.hostAddress() == null) {
            return false;
        }
        String ip = peer.hostAddress();
        int scope = ip.indexOf('%');
        if (scope >= 0) {
            ip = ip.substring(0, scope);
        }
        for (Cidr c : networks) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses to run a listener that expects the PROXY protocol with nobody trusted to send it.
     *
     * @throws IllegalStateException saying how to set the trusted networks
     */
    public void requireFor(String listener, boolean proxyProtocol) {
        if (proxyProtocol && isEmpty()) {
            throw new IllegalStateException("listener '" + listener + "' expects the PROXY protocol, but no load balancer is"
                    + " trusted to send it: set " + SETTING + " to the load balancers' networks, comma-separated"
                    + " (e.g. 10.0.0.0/8,2001:db8::/32), or turn the PROXY protocol off for this listener");
        }
    }

    @Override
    public String toString() {
        return networks.toString();
    }
}
