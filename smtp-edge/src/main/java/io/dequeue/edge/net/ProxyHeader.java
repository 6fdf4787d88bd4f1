package io.dequeue.edge.net;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A decoded PROXY protocol header (v1 text or v2 binary).
 *
 * @param version     1 or 2
 * @param proxied     true for a proxied connection (v1 TCP4/TCP6, v2 PROXY command with an
 *                    internet family); false for v1 {@code UNKNOWN}, v2 {@code LOCAL} or a v2
 *                    family the gateway does not use (unix, unspecified): then the connection's
 *                    own peer address stands
 * @param source      the real client, or null when not proxied
 * @param destination the address the client connected to, or null when not proxied
 */
public record ProxyHeader(int version, boolean proxied, InetSocketAddress source, InetSocketAddress destination) {

    public ProxyHeader {
        if (proxied && (source == null || destination == null)) {
            throw new IllegalArgumentException("a proxied header needs both addresses");
        }
    }

    static ProxyHeader local(int version) {
        return new ProxyHeader(version, false, null, null);
    }

    /** The real client when the header names one. */
    public Optional<InetSocketAddress> client() {
        return proxied ? Optional.of(source) : Optional.empty();
    }
}
