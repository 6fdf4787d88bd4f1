package io.dequeue.edge.dequeue;

import io.dequeue.edge.smtp.ClientIp;
import io.dequeue.model.IpLiteral;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The client's IP as the access checks and requests need it, never resolved through DNS. */
public final class ClientAddress {
    /** Stands for a client whose address is not known (matches no honor list but 0.0.0.0/0). */
    static final InetAddress UNKNOWN;

    static {
        try {
            UNKNOWN = InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ClientAddress() {
    }

    /** The textual IP of a session's peer (PROXY-aware when the transport is), or {@code unknown}. */
    public static String text(SocketAddress a) {
        return ClientIp.of(a);
    }

    /** The peer as an address for the access lists; {@link #UNKNOWN} when it has none. */
    public static InetAddress inet(SocketAddress a) {
        byte[] b = IpLiteral.parse(text(a));
        if (b == null) {
            return UNKNOWN;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return UNKNOWN;
        }
    }
}
